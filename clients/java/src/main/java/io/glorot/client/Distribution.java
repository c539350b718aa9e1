package io.glorot.client;

/**
 * The distribution of the values. Each constant carries the API's spelling.
 */
public enum Distribution {

	/** {@code uniform}. */
	UNIFORM("uniform"),

	/** {@code normal}. */
	NORMAL("normal"),

	/** {@code truncated_normal}. */
	TRUNCATED_NORMAL("truncated_normal");

	private final String wire;

	Distribution(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code uniform}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
