package io.glorot.client;

/**
 * The generator: philox (canonical) or a PyTorch / NumPy compatibility one (docs/compat.md). Each constant carries the API's spelling.
 */
public enum Generator {

	/** {@code philox}. */
	PHILOX("philox"),

	/** {@code torch}. */
	TORCH("torch"),

	/** {@code numpy}. */
	NUMPY("numpy"),

	/** {@code numpy_legacy}. */
	NUMPY_LEGACY("numpy_legacy");

	private final String wire;

	Generator(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code philox}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
