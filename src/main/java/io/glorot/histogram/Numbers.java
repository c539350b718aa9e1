package io.glorot.histogram;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Short decimal forms of numbers for captions and axis labels.
 */
final class Numbers {

	private static final MathContext FIVE_DIGITS = new MathContext(5);

	private Numbers() {
	}

	/**
	 * Writes a number with at most five significant digits: plain for magnitudes from 1e-4 to 1e7, else in
	 * scientific notation ({@code 5.1031E-7}).
	 * @param x a finite number
	 * @return its short form; {@code 0} for both zeros
	 */
	static String format(double x) {
		if (x == 0) {
			return "0";
		}
		if (!Double.isFinite(x)) {
			return Double.toString(x);
		}
		BigDecimal rounded = new BigDecimal(x).round(FIVE_DIGITS).stripTrailingZeros();
		double magnitude = Math.abs(x);
		return (magnitude >= 1e-4 && magnitude < 1e7) ? rounded.toPlainString() : rounded.toString();
	}

	/**
	 * A step of 1, 2 or 5 times a power of ten near {@code span / parts}, for axis ticks.
	 * @param span the length of the axis, positive
	 * @param parts about how many ticks
	 * @return the step
	 */
	static double niceStep(double span, int parts) {
		double raw = span / parts;
		double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
		double normalized = raw / magnitude;
		double nice = (normalized < 1.5) ? 1 : (normalized < 3) ? 2 : (normalized < 7) ? 5 : 10;
		return nice * magnitude;
	}

}
