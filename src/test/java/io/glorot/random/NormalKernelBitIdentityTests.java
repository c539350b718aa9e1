package io.glorot.random;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast normal kernels give the reference kernel's bits ({@link Philox4x32#block} and {@link StrictMath}, as
 * spec §3 reads): random keys, streams, block ranges (odd lengths, ranges that cross 2^32 blocks) and
 * standard deviations from a printed seed, for the scalar kernel and, when the JVM has the module, the Vector API
 * kernel; and the vector kernel's arithmetic on words chosen to hit its blends and its hand-overs to the scalar
 * kernel.
 */
class NormalKernelBitIdentityTests {

	private static final long SEED = 0x12_0002L;

	private static List<PhiloxNormalKernel> fastKernels() {
		List<PhiloxNormalKernel> kernels = new ArrayList<>();
		kernels.add(PhiloxNormalKernel.scalar());
		PhiloxNormalKernel.vector().ifPresent(kernels::add);
		return kernels;
	}

	@Test
	void theVectorKernelIsThereInTheTests() {
		// surefire starts the JVM with --add-modules jdk.incubator.vector, so the vector kernel is under test
		assertThat(PhiloxNormalKernel.vector()).isPresent();
	}

	@Test
	void fastKernelsEqualTheReferenceOnRandomRanges() {
		SplittableRandom random = new SplittableRandom(SEED);
		for (int trial = 0; trial < 400; trial++) {
			PhiloxKey key = PhiloxKey.fromSeed(random.nextLong());
			long stream = (trial % 3 == 0) ? 0 : random.nextLong();
			long firstBlock = switch (trial % 4) {
				case 0 -> random.nextLong(1 << 20);
				case 1 -> 0xFFFFFFFFL - random.nextLong(64);
				case 2 -> random.nextLong() >>> 2;
				default -> -1L - random.nextLong(64);
			};
			int blocks = 1 + random.nextInt(300);
			double std = switch (trial % 3) {
				case 0 -> 1.0;
				case 1 -> random.nextDouble() * 0.2;
				default -> Math.scalb(random.nextDouble() + 0.5, random.nextInt(-140, 100));
			};
			int offset = random.nextInt(5);
			float[] expected = new float[offset + 4 * blocks + 3];
			PhiloxNormalKernel.reference().fillBlocks(key, stream, firstBlock, blocks, std, expected, offset);
			for (PhiloxNormalKernel kernel : fastKernels()) {
				float[] actual = new float[expected.length];
				kernel.fillBlocks(key, stream, firstBlock, blocks, std, actual, offset);
				for (int i = 0; i < actual.length; i++) {
					if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
						throw new AssertionError(kernel.name() + " differs at " + i + " (seed " + SEED + ", trial "
								+ trial + ", block " + (firstBlock + (i - offset) / 4) + "): " + actual[i] + " vs "
								+ expected[i]);
					}
				}
			}
		}
	}

	@Test
	void vectorArithmeticEqualsStrictMathOnRandomAndEdgeWords() {
		int lanes = PhiloxNormalVectorKernel.lanes();
		SplittableRandom random = new SplittableRandom(SEED + 1);
		int n = 1 << 18;
		int[] wa = new int[n];
		int[] wb = new int[n];
		for (int i = 0; i < n; i++) {
			wa[i] = random.nextInt();
			wb[i] = random.nextInt();
		}
		// words whose x is near a power of two (log's short series) and whose angle is near a multiple of π/4
		// or π/2 (the reduction's edges), side by side with ordinary words in the same vector
		for (int i = 0; i < 4096; i++) {
			wa[i] = (i % 2 == 0) ? (int) ((1L << (i % 32)) + (i / 64) - 32) : random.nextInt();
			wb[i] = (int) (((i % 9) * 0x20000000L) + (i / 9) - 227);
		}
		double[] cos = new double[lanes];
		double[] sin = new double[lanes];
		int handedOver = 0;
		for (int at = 0; at + lanes <= n; at += lanes) {
			if (PhiloxNormalVectorKernel.boxMuller(wa, wb, at, cos, sin)) {
				handedOver++;
				continue;
			}
			for (int lane = 0; lane < lanes; lane++) {
				double r = Variates.boxMullerRadius(wa[at + lane]);
				double theta = Variates.boxMullerAngle(wb[at + lane]);
				FdlibmChecks.compare("r cos", theta, r * StrictMath.cos(theta), cos[lane]);
				FdlibmChecks.compare("r sin", theta, r * StrictMath.sin(theta), sin[lane]);
			}
		}
		// the hand-overs are rare, but the edge words above make some
		assertThat(handedOver).isPositive().isLessThan(n / lanes / 10);
	}

}
