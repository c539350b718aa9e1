package io.glorot.client;

/**
 * The wire format of a single tensor the client reads: raw bytes with the {@code Tensor-*} headers, or safetensors. Each constant carries the API's spelling.
 */
public enum Format {

	/** {@code raw}. */
	RAW("raw"),

	/** {@code safetensors}. */
	SAFETENSORS("safetensors");

	private final String wire;

	Format(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code raw}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
