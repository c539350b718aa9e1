package io.glorot.histogram;

import java.util.Arrays;

/**
 * Counts values into equal bins over a fixed range {@code [low, high]}, with the values below and above it counted
 * apart, and keeps their count, mean and standard deviation (Welford's one-pass update) and their extremes. Memory
 * is one counter per bin, whatever the number of values. Not thread-safe.
 * <p>
 * A value {@code x} with {@code low <= x < high} falls in bin {@code floor((x - low) / width)}; {@code x == high}
 * falls in the last bin, as in {@code numpy.histogram}. The standard deviation is the population one (divisor
 * {@code n}, as {@code numpy.std}).
 */
public final class Histogram {

	/** Fewest bins. */
	public static final int MIN_BINS = 1;

	private final double low;

	private final double high;

	private final long[] counts;

	private final double scale;

	private long count;

	private long underflow;

	private long overflow;

	private double mean;

	private double squares;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	/**
	 * Makes an empty histogram.
	 * @param low the lower edge of the first bin
	 * @param high the upper edge of the last bin
	 * @param bins the number of bins
	 * @throws IllegalArgumentException if the range is not finite and increasing or {@code bins < 1}
	 */
	public Histogram(double low, double high, int bins) {
		if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
			throw new IllegalArgumentException("the range must be finite and increasing, got " + low + ", " + high);
		}
		if (bins < MIN_BINS) {
			throw new IllegalArgumentException("a histogram needs at least one bin, got " + bins);
		}
		this.low = low;
		this.high = high;
		this.counts = new long[bins];
		this.scale = bins / (high - low);
	}

	/**
	 * Adds a value.
	 * @param x the value
	 * @throws IllegalArgumentException if {@code x} is NaN
	 */
	public void add(double x) {
		if (Double.isNaN(x)) {
			throw new IllegalArgumentException("a histogram cannot count NaN");
		}
		this.count++;
		double delta = x - this.mean;
		this.mean += delta / this.count;
		this.squares += delta * (x - this.mean);
		this.min = Math.min(this.min, x);
		this.max = Math.max(this.max, x);
		if (x < this.low) {
			this.underflow++;
		}
		else if (x > this.high) {
			this.overflow++;
		}
		else {
			int bin = (int) ((x - this.low) * this.scale);
			this.counts[Math.min(bin, this.counts.length - 1)]++;
		}
	}

	/**
	 * Adds {@code values[offset .. offset + length)}.
	 * @param values the values
	 * @param offset the first
	 * @param length how many
	 */
	public void add(float[] values, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			add(values[i]);
		}
	}

	/**
	 * Adds {@code values[offset .. offset + length)}.
	 * @param values the values
	 * @param offset the first
	 * @param length how many
	 */
	public void add(double[] values, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			add(values[i]);
		}
	}

	/**
	 * Returns the lower edge of the first bin.
	 * @return the range's start
	 */
	public double low() {
		return this.low;
	}

	/**
	 * Returns the upper edge of the last bin.
	 * @return the range's end
	 */
	public double high() {
		return this.high;
	}

	/**
	 * Returns the number of bins.
	 * @return the bins
	 */
	public int bins() {
		return this.counts.length;
	}

	/**
	 * Returns the width of one bin.
	 * @return {@code (high - low) / bins}
	 */
	public double binWidth() {
		return (this.high - this.low) / this.counts.length;
	}

	/**
	 * Returns the lower edge of a bin; {@code edge(bins())} is {@link #high()}.
	 * @param bin 0 to {@code bins()}
	 * @return the edge
	 */
	public double edge(int bin) {
		return (bin == this.counts.length) ? this.high : this.low + bin * binWidth();
	}

	/**
	 * Returns the counts of the bins.
	 * @return a copy, one count per bin
	 */
	public long[] counts() {
		return this.counts.clone();
	}

	/**
	 * Returns the count of one bin.
	 * @param bin the bin
	 * @return values counted in it
	 */
	public long count(int bin) {
		return this.counts[bin];
	}

	/**
	 * Returns the largest bin count.
	 * @return the peak, 0 when empty
	 */
	public long peak() {
		return Arrays.stream(this.counts).max().orElse(0);
	}

	/**
	 * Returns how many values were added.
	 * @return all values, in bins or not
	 */
	public long count() {
		return this.count;
	}

	/**
	 * Returns how many values were below {@link #low()}.
	 * @return the underflow
	 */
	public long underflow() {
		return this.underflow;
	}

	/**
	 * Returns how many values were above {@link #high()}.
	 * @return the overflow
	 */
	public long overflow() {
		return this.overflow;
	}

	/**
	 * Returns the mean of the values.
	 * @return the mean, NaN when empty
	 */
	public double mean() {
		return (this.count == 0) ? Double.NaN : this.mean;
	}

	/**
	 * Returns the population standard deviation of the values (divisor {@code n}).
	 * @return the standard deviation, NaN when empty
	 */
	public double std() {
		return (this.count == 0) ? Double.NaN : Math.sqrt(this.squares / this.count);
	}

	/**
	 * Returns the smallest value.
	 * @return the minimum, NaN when empty
	 */
	public double min() {
		return (this.count == 0) ? Double.NaN : this.min;
	}

	/**
	 * Returns the largest value.
	 * @return the maximum, NaN when empty
	 */
	public double max() {
		return (this.count == 0) ? Double.NaN : this.max;
	}

}
