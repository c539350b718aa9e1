package io.glorot.random;

import java.util.Optional;

/**
 * Fills whole Philox blocks with normal float32 values by Box-Muller (canonical-generator.md §3): block {@code b}'s
 * words {@code (w0, w1)} give elements {@code 4b} and {@code 4b+1}, {@code (w2, w3)} give {@code 4b+2} and
 * {@code 4b+3}, each {@code (float) (std * (r * cos(theta)))} or {@code (float) (std * (r * sin(theta)))} with
 * {@code r = sqrt(-2 log x)}, {@code x = (wa + 0.5) 2^-32}, {@code theta = 2π wb 2^-32}, and fdlibm's
 * {@code log}, {@code sin}, {@code cos}.
 * <p>
 * Three implementations give the same bits: {@link #reference()} calls {@link StrictMath} as the spec reads;
 * {@link #scalar()} inlines Philox and uses {@link Fdlibm} (one argument reduction for both {@code sin} and
 * {@code cos}); the Vector API one ({@link #vector()}) computes a block per 64-bit lane. {@link KernelChoice}
 * picks the faster of the last two at start-up.
 */
public interface PhiloxNormalKernel {

	/**
	 * Returns the kernel's name for logs and {@code /actuator/info}.
	 * @return e.g. {@code scalar} or {@code vector-512bit}
	 */
	String name();

	/**
	 * Fills {@code dst[offset .. offset + 4 * blocks)} with the normal values of blocks
	 * {@code firstBlock .. firstBlock + blocks - 1}.
	 * @param key the key
	 * @param stream the stream
	 * @param firstBlock the first block number
	 * @param blocks how many blocks
	 * @param std the standard deviation
	 * @param dst where the values go
	 * @param offset where the first value goes
	 */
	void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double std, float[] dst, int offset);

	/**
	 * Returns the kernel that reads as the spec: {@link Philox4x32#block} and {@link StrictMath}, the referee of the
	 * others.
	 * @return the reference kernel
	 */
	static PhiloxNormalKernel reference() {
		return ReferenceKernel.INSTANCE;
	}

	/**
	 * Returns the fast scalar kernel.
	 * @return the kernel every JVM can run
	 */
	static PhiloxNormalKernel scalar() {
		return ScalarNormalKernel.INSTANCE;
	}

	/**
	 * Returns the Vector API kernel, when this JVM has {@code jdk.incubator.vector}.
	 * @return the kernel, or empty
	 */
	static Optional<PhiloxNormalKernel> vector() {
		return Optional.ofNullable(VectorKernels.NORMAL);
	}

	/**
	 * The spec's reading, one block at a time through {@link StrictMath}.
	 */
	final class ReferenceKernel implements PhiloxNormalKernel {

		static final ReferenceKernel INSTANCE = new ReferenceKernel();

		private ReferenceKernel() {
		}

		@Override
		public String name() {
			return "reference";
		}

		@Override
		public void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double std, float[] dst,
				int offset) {
			int[] w = new int[4];
			for (int b = 0; b < blocks; b++) {
				Philox4x32.block(key, stream, firstBlock + b, w, 0);
				int at = offset + 4 * b;
				for (int k = 0; k < 4; k += 2) {
					double r = Variates.boxMullerRadius(w[k]);
					double theta = Variates.boxMullerAngle(w[k + 1]);
					dst[at + k] = (float) (std * (r * StrictMath.cos(theta)));
					dst[at + k + 1] = (float) (std * (r * StrictMath.sin(theta)));
				}
			}
		}

	}

}
