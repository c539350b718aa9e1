package io.glorot.init;

/**
 * The activations PyTorch's {@code torch.nn.init.calculate_gain} knows, with the same gains
 * (canonical-generator.md §4).
 */
public enum Nonlinearity implements WireEnum {

	/** Gain 1. */
	LINEAR("linear"),

	/** Gain 1. */
	CONV1D("conv1d"),

	/** Gain 1. */
	CONV2D("conv2d"),

	/** Gain 1. */
	CONV3D("conv3d"),

	/** Gain 1. */
	CONV_TRANSPOSE1D("conv_transpose1d"),

	/** Gain 1. */
	CONV_TRANSPOSE2D("conv_transpose2d"),

	/** Gain 1. */
	CONV_TRANSPOSE3D("conv_transpose3d"),

	/** Gain 1. */
	SIGMOID("sigmoid"),

	/** Gain 5/3. */
	TANH("tanh"),

	/** Gain sqrt(2). */
	RELU("relu"),

	/** Gain sqrt(2 / (1 + slope²)), slope 0.01 unless given. */
	LEAKY_RELU("leaky_relu"),

	/** Gain 3/4. */
	SELU("selu");

	/** The negative slope {@code leaky_relu} uses when none is given, as in PyTorch. */
	public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;

	private final String id;

	Nonlinearity(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Tells whether this nonlinearity takes a negative slope.
	 * @return true for {@code leaky_relu} only
	 */
	public boolean takesNegativeSlope() {
		return this == LEAKY_RELU;
	}

	/**
	 * Returns the recommended gain, computed as PyTorch computes it.
	 * @param negativeSlope the slope for {@code leaky_relu}; ignored by the others
	 * @return the gain
	 */
	public double gain(double negativeSlope) {
		return switch (this) {
			case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1.0;
			case TANH -> 5.0 / 3;
			case RELU -> Math.sqrt(2.0);
			case LEAKY_RELU -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
			case SELU -> 3.0 / 4;
		};
	}

}
