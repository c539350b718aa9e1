package io.glorot.client;

/**
 * PyTorch's {@code calculate_gain} names; {@code leaky_relu} takes a negative slope. Each constant carries the API's spelling.
 */
public enum Nonlinearity {

	/** {@code linear}. */
	LINEAR("linear"),

	/** {@code conv1d}. */
	CONV1D("conv1d"),

	/** {@code conv2d}. */
	CONV2D("conv2d"),

	/** {@code conv3d}. */
	CONV3D("conv3d"),

	/** {@code conv_transpose1d}. */
	CONV_TRANSPOSE1D("conv_transpose1d"),

	/** {@code conv_transpose2d}. */
	CONV_TRANSPOSE2D("conv_transpose2d"),

	/** {@code conv_transpose3d}. */
	CONV_TRANSPOSE3D("conv_transpose3d"),

	/** {@code sigmoid}. */
	SIGMOID("sigmoid"),

	/** {@code tanh}. */
	TANH("tanh"),

	/** {@code relu}. */
	RELU("relu"),

	/** {@code leaky_relu}. */
	LEAKY_RELU("leaky_relu"),

	/** {@code selu}. */
	SELU("selu");

	private final String wire;

	Nonlinearity(String wire) {
		this.wire = wire;
	}

	/**
	 * Returns the value as the API spells it.
	 * @return e.g. {@code linear}
	 */
	public String wire() {
		return this.wire;
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
