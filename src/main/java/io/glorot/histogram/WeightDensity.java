package io.glorot.histogram;

import java.util.List;

import io.glorot.init.Distribution;
import io.glorot.init.XavierParameters;
import io.glorot.random.Variates;

/**
 * The theoretical density of Xavier-initialized weights, and the range a histogram of them spans
 * (canonical-generator.md §3, §4): uniform on {@code (-bound, bound)}, flat at {@code 1 / (2 bound)}; normal with
 * mean 0 and standard deviation {@code std}, over {@code ±4 std}; truncated normal, the normal with
 * {@code σ' = std / 0.87962566103423978} cut at {@code ±2σ'} and renormalised by {@code 2 (Φ(2) - 1/2)}, over
 * {@code ±2σ'}.
 *
 * @param distribution the distribution
 * @param std the standard deviation of the weights
 * @param low the lower end of the histogram's range
 * @param high the upper end of the histogram's range
 */
public record WeightDensity(Distribution distribution, double std, double low, double high) {

	/** Half-width of a normal histogram's range, in standard deviations. */
	public static final double NORMAL_RANGE_STDS = 4.0;

	private static final double INV_SQRT_2PI = 0.3989422804014327;

	/** Subintervals of Simpson's rule in {@link #mass}. */
	private static final int SIMPSON_STEPS = 64;

	/**
	 * The density for a distribution and its parameters.
	 * @param distribution the distribution
	 * @param parameters the Xavier parameters
	 * @return the density, with the range a histogram should span
	 */
	public static WeightDensity of(Distribution distribution, XavierParameters parameters) {
		double std = parameters.std();
		double half = switch (distribution) {
			case UNIFORM -> parameters.bound();
			case NORMAL -> NORMAL_RANGE_STDS * std;
			case TRUNCATED_NORMAL -> parameters.truncationBound();
		};
		return new WeightDensity(distribution, std, -half, half);
	}

	/**
	 * The standard deviation of the normal that the truncated normal cuts, {@code std / 0.87962566103423978}.
	 * @return σ', or {@code std} for the other distributions
	 */
	public double underlyingStd() {
		return (this.distribution == Distribution.TRUNCATED_NORMAL) ? this.std / Variates.TRUNCATED_STD : this.std;
	}

	/**
	 * The probability density at a point.
	 * @param x the point
	 * @return the density
	 */
	public double at(double x) {
		return switch (this.distribution) {
			case UNIFORM -> (x > this.low && x < this.high) ? 1.0 / (this.high - this.low) : 0.0;
			case NORMAL -> normal(x, this.std);
			case TRUNCATED_NORMAL -> (x >= this.low && x <= this.high)
					? normal(x, underlyingStd()) / (2.0 * Variates.HALF_MASS_WITHIN_TWO) : 0.0;
		};
	}

	/**
	 * The probability of {@code [a, b]}: exact for the uniform; for the normals, composite Simpson's rule on 64
	 * subintervals of the part of {@code [a, b]} within the range, which is within 1e-8 of the exact mass for
	 * intervals up to two standard deviations wide.
	 * @param a the lower end
	 * @param b the upper end
	 * @return the probability
	 */
	public double mass(double a, double b) {
		double from = Math.max(a, this.low);
		double to = Math.min(b, this.high);
		if (!(from < to)) {
			return 0.0;
		}
		if (this.distribution == Distribution.UNIFORM) {
			return (to - from) / (this.high - this.low);
		}
		// within the range, the truncated normal is the scaled normal: no edge test at the ends
		double sigma = underlyingStd();
		double scale = (this.distribution == Distribution.TRUNCATED_NORMAL) ? 1.0 / (2.0 * Variates.HALF_MASS_WITHIN_TWO)
				: 1.0;
		double h = (to - from) / SIMPSON_STEPS;
		double sum = normal(from, sigma) + normal(to, sigma);
		for (int i = 1; i < SIMPSON_STEPS; i++) {
			sum += ((i % 2 == 1) ? 4 : 2) * normal(from + i * h, sigma);
		}
		return scale * sum * h / 3.0;
	}

	/**
	 * The points a plot marks: the bound for the uniform, the cut for the truncated normal, and {@code ±std}.
	 * @return the marks, left to right
	 */
	public List<Mark> marks() {
		return switch (this.distribution) {
			case UNIFORM -> List.of(new Mark("-bound", this.low), new Mark("-std", -this.std),
					new Mark("+std", this.std), new Mark("+bound", this.high));
			case NORMAL -> List.of(new Mark("-2 std", -2 * this.std), new Mark("-std", -this.std),
					new Mark("+std", this.std), new Mark("+2 std", 2 * this.std));
			case TRUNCATED_NORMAL -> List.of(new Mark("-2\u03c3' cut", this.low), new Mark("-std", -this.std),
					new Mark("+std", this.std), new Mark("+2\u03c3' cut", this.high));
		};
	}

	private static double normal(double x, double sigma) {
		double z = x / sigma;
		return INV_SQRT_2PI / sigma * Math.exp(-0.5 * z * z);
	}

	/**
	 * A marked point of the value axis.
	 *
	 * @param label what it is, e.g. {@code +bound}
	 * @param x where it is
	 */
	public record Mark(String label, double x) {

	}

}
