package io.glorot.generator;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.glorot.tensor.DType;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares every compatibility generator with the tensors the real PyTorch 1.13.1 and NumPy 1.24.2 made
 * ({@code scripts/make_compat_fixtures.py}): exact cases bit for bit (SHA-256 of the whole tensor and every sampled
 * value), approximate cases within the ulp bounds docs/compat.md states, and each case's exactness flag as the
 * generator reports it.
 */
class CompatFixtureTests {

	/** Largest distance of an approximate float64 value from the library's (docs/compat.md). */
	static final long MAX_ULPS_FLOAT64 = 4;

	/** Largest distance of an approximate float32 value from the library's (docs/compat.md). */
	static final long MAX_ULPS_FLOAT32 = 1;

	@TestFactory
	Stream<DynamicTest> everyFixtureCaseShouldMatchTheLibrary() {
		return CompatFixtures.FILES.stream()
			.flatMap((file) -> CompatFixtures.load(file).stream())
			.map((c) -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
	}

	@TestFactory
	Stream<DynamicTest> fixturesShouldCoverEveryGeneratorAndBothExactAndApproximateCases() {
		return CompatFixtures.FILES.stream().map((file) -> DynamicTest.dynamicTest(file, () -> {
			List<CompatFixtures.Case> cases = CompatFixtures.load(file);
			assertThat(cases).hasSizeGreaterThan(100);
			assertThat(cases).anyMatch(CompatFixtures.Case::exact);
			assertThat(cases).anyMatch((c) -> c.shape().length == 4);
			assertThat(cases).anyMatch((c) -> c.shape()[0] == 1000);
			assertThat(cases).anyMatch((c) -> c.dtype() == DType.FLOAT64);
		}));
	}

	private static void check(CompatFixtures.Case c) {
		TensorSpec spec = c.spec();
		c.generator().check(spec);
		assertThat(Double.doubleToRawLongBits(spec.parameters().std())).as("std").isEqualTo(c.stdBits());
		assertThat(Double.doubleToRawLongBits(spec.parameters().bound())).as("bound").isEqualTo(c.boundBits());
		assertThat(c.generator().exact(spec)).as("exact").isEqualTo(c.exact());
		ValueSource source = c.generator().open(spec);
		if (c.exact()) {
			assertThat(CompatFixtures.sha256(spec, source, 4099)).as("sha256").isEqualTo(c.sha256());
		}
		long[] sampled = sampled(spec, c);
		long max = 0;
		for (int s = 0; s < sampled.length; s++) {
			long ulps = CompatFixtures.ulps(sampled[s], c.sampleBits()[s], c.dtype());
			if (c.exact()) {
				assertThat(Long.toHexString(sampled[s])).as("element %d", c.sampleIndices()[s])
					.isEqualTo(Long.toHexString(c.sampleBits()[s]));
			}
			max = Math.max(max, ulps);
		}
		long bound = (c.dtype() == DType.FLOAT64) ? MAX_ULPS_FLOAT64 : MAX_ULPS_FLOAT32;
		assertThat(max).as("largest ulp distance").isLessThanOrEqualTo(bound);
	}

	/** The sampled elements, each read through a fresh source with a one-element fill (a slice of one). */
	private static long[] sampled(TensorSpec spec, CompatFixtures.Case c) {
		ValueSource source = c.generator().open(spec);
		long[] bits = new long[c.sampleIndices().length];
		for (int s = 0; s < bits.length; s++) {
			long i = c.sampleIndices()[s];
			if (spec.dtype() == DType.FLOAT64) {
				double[] d = new double[1];
				source.fill(i, d, 0, 1);
				bits[s] = Double.doubleToRawLongBits(d[0]);
			}
			else {
				float[] f = new float[1];
				source.fill(i, f, 0, 1);
				bits[s] = Float.floatToRawIntBits(f[0]) & 0xFFFFFFFFL;
			}
		}
		return bits;
	}

}
