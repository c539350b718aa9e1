package io.glorot.generator.numpy;

import io.glorot.tensor.DType;
import io.glorot.tensor.ValueSource;

/**
 * The float16 values NumPy's {@code astype(np.float16)} gives: each float64 value rounded straight to binary16
 * (docs/compat.md). They are handed on as float32 values that binary16 represents exactly, so the encoders'
 * float32-to-float16 step keeps them as they are.
 */
final class HalfFromDouble implements ValueSource {

	private final ValueSource doubles;

	HalfFromDouble(ValueSource doubles) {
		this.doubles = doubles;
	}

	@Override
	public void fill(long from, float[] dst, int offset, int length) {
		double[] wide = new double[length];
		this.doubles.fill(from, wide, 0, length);
		for (int j = 0; j < length; j++) {
			dst[offset + j] = Float.float16ToFloat((short) DType.float16BitsFromDouble(wide[j]));
		}
	}

	@Override
	public void fill(long from, double[] dst, int offset, int length) {
		this.doubles.fill(from, dst, offset, length);
	}

	@Override
	public boolean isRandomAccess() {
		return this.doubles.isRandomAccess();
	}

}
