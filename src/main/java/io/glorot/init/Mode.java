package io.glorot.init;

import java.math.BigInteger;

/**
 * Which fan scales the variance (canonical-generator.md §4).
 */
public enum Mode implements WireEnum {

	/** The mean of fan-in and fan-out: Xavier/Glorot proper. */
	FAN_AVG("fan_avg"),

	/** Fan-in alone (LeCun's and He's choice). */
	FAN_IN("fan_in"),

	/** Fan-out alone. */
	FAN_OUT("fan_out");

	private final String id;

	Mode(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Returns the denominator of the variance: {@code (fanIn + fanOut) / 2.0}, {@code fanIn} or {@code fanOut}.
	 * @param fans the fans
	 * @return the denominator as a double
	 */
	public double denominator(Fans fans) {
		return switch (this) {
			case FAN_AVG -> exactSum(fans.fanIn(), fans.fanOut()) / 2.0;
			case FAN_IN -> fans.fanIn();
			case FAN_OUT -> fans.fanOut();
		};
	}

	/** The sum of two fans rounded once to a double, as Python's {@code float(fan_in + fan_out)} does. */
	private static double exactSum(long a, long b) {
		long sum = a + b;
		if (((a ^ sum) & (b ^ sum)) < 0) {
			return BigInteger.valueOf(a).add(BigInteger.valueOf(b)).doubleValue();
		}
		return sum;
	}

}
