package io.glorot.client;

/**
 * The element type of the answer. Each constant carries the API's spelling.
 */
public enum DType {

	/** {@code float32}. */
	FLOAT32("float32"),

	/** {@code float64}. */
	FLOAT64("float64"),

	/** {@code float16}. */
	FLOAT16("float16"),

	/** {@code bfloat16}. */
	BFLOAT16("bfloat16");

	private final String wire;

	DType(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code float32}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
