package io.glorot.client;

import java.util.Arrays;

/**
 * A tensor's values in C order with their shape. float32, float16 and bfloat16 values are held as {@code float[]}
 * (16-bit types widened exactly), float64 values as {@code double[]}.
 */
public final class Tensor {

	private final long[] shape;

	private final String dtype;

	private final float[] floats;

	private final double[] doubles;

	Tensor(long[] shape, String dtype, float[] floats, double[] doubles) {
		this.shape = shape;
		this.dtype = dtype;
		this.floats = floats;
		this.doubles = doubles;
	}

	/**
	 * Returns the shape.
	 * @return a copy of the dimensions
	 */
	public long[] shape() {
		return this.shape.clone();
	}

	/**
	 * Returns the element type the server sent.
	 * @return {@code float32}, {@code float64}, {@code float16} or {@code bfloat16}
	 */
	public String dtype() {
		return this.dtype;
	}

	/**
	 * Tells whether the values are doubles.
	 * @return true for float64
	 */
	public boolean isDouble() {
		return this.doubles != null;
	}

	/**
	 * Returns the values as floats.
	 * @return the values (not a copy)
	 * @throws IllegalStateException for float64, whose values would lose precision: use {@link #doubles()}
	 */
	public float[] floats() {
		if (this.floats == null) {
			throw new IllegalStateException("a float64 tensor: use doubles()");
		}
		return this.floats;
	}

	/**
	 * Returns the values as doubles (widened from floats for the other dtypes).
	 * @return the values
	 */
	public double[] doubles() {
		if (this.doubles != null) {
			return this.doubles;
		}
		double[] wide = new double[this.floats.length];
		for (int i = 0; i < wide.length; i++) {
			wide[i] = this.floats[i];
		}
		return wide;
	}

	/**
	 * Returns the number of elements.
	 * @return the product of the shape
	 */
	public int size() {
		return isDouble() ? this.doubles.length : this.floats.length;
	}

	@Override
	public String toString() {
		return "Tensor" + Arrays.toString(this.shape) + " " + this.dtype;
	}

	/** Decodes little-endian bytes of a dtype. */
	static Tensor of(long[] shape, String dtype, byte[] bytes, int offset, int length) {
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes, offset, length)
			.slice()
			.order(java.nio.ByteOrder.LITTLE_ENDIAN);
		switch (dtype) {
			case "float64": {
				double[] values = new double[length / 8];
				buffer.asDoubleBuffer().get(values);
				return new Tensor(shape, dtype, null, values);
			}
			case "float32": {
				float[] values = new float[length / 4];
				buffer.asFloatBuffer().get(values);
				return new Tensor(shape, dtype, values, null);
			}
			case "float16":
			case "bfloat16": {
				float[] values = new float[length / 2];
				boolean half = dtype.equals("float16");
				for (int i = 0; i < values.length; i++) {
					int bits = buffer.getShort(2 * i) & 0xFFFF;
					values[i] = half ? halfToFloat(bits) : Float.intBitsToFloat(bits << 16);
				}
				return new Tensor(shape, dtype, values, null);
			}
			default:
				throw new IllegalArgumentException("unsupported dtype " + dtype);
		}
	}

	/** IEEE-754 binary16 to binary32, exactly. */
	static float halfToFloat(int bits) {
		int sign = (bits & 0x8000) << 16;
		int exponent = (bits >>> 10) & 0x1F;
		int fraction = bits & 0x3FF;
		if (exponent == 0x1F) {
			return Float.intBitsToFloat(sign | 0x7F800000 | (fraction << 13));
		}
		if (exponent == 0) {
			float magnitude = fraction * 0x1p-24f;
			return (sign != 0) ? -magnitude : magnitude;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (fraction << 13));
	}

}
