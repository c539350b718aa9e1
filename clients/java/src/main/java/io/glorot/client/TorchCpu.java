package io.glorot.client;

/**
 * With {@code generator=torch}: PyTorch's AVX2 kernels (the default) or its baseline ones. Each constant carries the API's spelling.
 */
public enum TorchCpu {

	/** {@code avx2}. */
	AVX2("avx2"),

	/** {@code default}. */
	DEFAULT("default");

	private final String wire;

	TorchCpu(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code avx2}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
