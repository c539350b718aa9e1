package io.glorot.generator;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Statistical checks of the three distributions, with fixed seeds and stated tolerances: n = 2^20 values, the
 * sample mean within 5 standard errors of 0, the sample standard deviation within 1%, and a Kolmogorov-Smirnov
 * statistic under the 1% critical value 1.628 / sqrt(n).
 */
class DistributionTests {

	private static final int N = 1 << 20;

	/** Kolmogorov-Smirnov critical value at the 1% level, for large n. */
	private static final double KS_CRITICAL = 1.628 / Math.sqrt(N);

	private final XavierParameters parameters = XavierParameters.of(new Fans(256, 512), Mode.FAN_AVG, 1.0);

	@Test
	void uniformShouldHaveXavierMomentsAndUniformShape() {
		double[] values = sample(Distribution.UNIFORM, 11);
		double bound = this.parameters.bound();
		assertMoments(values, this.parameters.std());
		assertThat(Arrays.stream(values).allMatch((v) -> Math.abs(v) < bound)).isTrue();
		assertThat(ks(values, (x) -> (x + bound) / (2 * bound))).isLessThan(KS_CRITICAL);
	}

	@Test
	void normalShouldHaveXavierMomentsAndNormalShape() {
		double[] values = sample(Distribution.NORMAL, 12);
		double std = this.parameters.std();
		assertMoments(values, std);
		assertThat(ks(values, (x) -> phi(x / std))).isLessThan(KS_CRITICAL);
	}

	@Test
	void truncatedNormalShouldHaveRequestedStdAndBeCutAtTwoUnderlyingSigmas() {
		double[] values = sample(Distribution.TRUNCATED_NORMAL, 13);
		double std = this.parameters.std();
		double sigma = std / 0.87962566103423978;
		assertMoments(values, std);
		double max = Arrays.stream(values).map(Math::abs).max().orElseThrow();
		assertThat(max).isLessThan(2 * sigma).isGreaterThan(1.99 * sigma);
		double lower = phi(-2);
		double mass = phi(2) - lower;
		assertThat(ks(values, (x) -> (phi(x / sigma) - lower) / mass)).isLessThan(KS_CRITICAL);
	}

	private double[] sample(Distribution distribution, long seed) {
		TensorSpec spec = new TensorSpec(Region.all(Shape.of(N)), DType.FLOAT64, distribution, Layout.KERAS,
				this.parameters, seed, null, new PhiloxGenerator());
		double[] values = new double[N];
		spec.generator().open(spec).fill(0, values, 0, N);
		return values;
	}

	private static void assertMoments(double[] values, double std) {
		double mean = Arrays.stream(values).average().orElseThrow();
		double variance = Arrays.stream(values).map((v) -> (v - mean) * (v - mean)).sum() / (values.length - 1);
		assertThat(mean).isCloseTo(0.0, within(5 * std / Math.sqrt(values.length)));
		assertThat(Math.sqrt(variance)).isCloseTo(std, within(0.01 * std));
	}

	/** The Kolmogorov-Smirnov statistic of a sample against a distribution function. */
	private static double ks(double[] values, DoubleUnaryOperator cdf) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double d = 0;
		for (int i = 0; i < sorted.length; i++) {
			double f = cdf.applyAsDouble(sorted[i]);
			d = Math.max(d, Math.max(f - (double) i / sorted.length, (double) (i + 1) / sorted.length - f));
		}
		return d;
	}

	/** The standard normal distribution function, from erfc (Numerical Recipes' erfcc, |error| < 1.2e-7). */
	static double phi(double x) {
		double z = Math.abs(x) / Math.sqrt(2);
		double t = 1 / (1 + 0.5 * z);
		double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
				+ t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
						+ t * 0.17087277)))))))));
		return (x >= 0) ? 1 - erfc / 2 : erfc / 2;
	}

}
