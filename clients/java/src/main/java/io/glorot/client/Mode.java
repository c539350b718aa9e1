package io.glorot.client;

/**
 * Which fans set the scale: Xavier's average, or fan-in or fan-out alone. Each constant carries the API's spelling.
 */
public enum Mode {

	/** {@code fan_avg}. */
	FAN_AVG("fan_avg"),

	/** {@code fan_in}. */
	FAN_IN("fan_in"),

	/** {@code fan_out}. */
	FAN_OUT("fan_out");

	private final String wire;

	Mode(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code fan_avg}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
