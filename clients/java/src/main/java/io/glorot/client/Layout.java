package io.glorot.client;

/**
 * The weight layout the fans are read from: torch (out, in, *kernel), keras or jax (*kernel, in, out). Each constant carries the API's spelling.
 */
public enum Layout {

	/** {@code torch}. */
	TORCH("torch"),

	/** {@code keras}. */
	KERAS("keras"),

	/** {@code jax}. */
	JAX("jax");

	private final String wire;

	Layout(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code torch}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
