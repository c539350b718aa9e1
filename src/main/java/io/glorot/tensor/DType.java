package io.glorot.tensor;

import io.glorot.init.WireEnum;

/**
 * The element types a tensor can be served in (canonical-generator.md §5). {@code float32} is the generator's
 * double rounded to nearest-even; {@code float16} and {@code bfloat16} are that float32 rounded again to
 * nearest-even. Bytes are little-endian.
 */
public enum DType implements WireEnum {

	/** IEEE-754 binary32. */
	FLOAT32("float32", 4, "F32", "<f4"),

	/** IEEE-754 binary64. */
	FLOAT64("float64", 8, "F64", "<f8"),

	/** IEEE-754 binary16. */
	FLOAT16("float16", 2, "F16", "<f2"),

	/** Brain floating point: the top 16 bits of a binary32, rounded to nearest-even. */
	BFLOAT16("bfloat16", 2, "BF16", null);

	private final String id;

	private final int size;

	private final String safetensorsName;

	private final String numpyDescr;

	DType(String id, int size, String safetensorsName, String numpyDescr) {
		this.id = id;
		this.size = size;
		this.safetensorsName = safetensorsName;
		this.numpyDescr = numpyDescr;
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Returns the width of one element.
	 * @return bytes per element
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns the safetensors dtype name.
	 * @return {@code F32}, {@code F64}, {@code F16} or {@code BF16}
	 */
	public String safetensorsName() {
		return this.safetensorsName;
	}

	/**
	 * Returns the NumPy array-protocol type string, or null where NumPy has no such type ({@code bfloat16}).
	 * @return the {@code descr} of a {@code .npy} header
	 */
	public String numpyDescr() {
		return this.numpyDescr;
	}

	/**
	 * Tells whether values are produced as doubles rather than floats.
	 * @return true for float64
	 */
	public boolean isDouble() {
		return this == FLOAT64;
	}

	/**
	 * Rounds a float32 to bfloat16, to nearest with ties to even (spec §5).
	 * @param value a finite float
	 * @return the 16 bfloat16 bits in the low half of an int
	 */
	public static int toBfloat16Bits(float value) {
		int bits = Float.floatToRawIntBits(value);
		return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
	}

	/**
	 * Rounds a float32 to IEEE binary16, to nearest with ties to even (spec §5).
	 * @param value a float
	 * @return the 16 bits in the low half of an int
	 */
	public static int toFloat16Bits(float value) {
		return Float.floatToFloat16(value) & 0xFFFF;
	}

	/**
	 * Rounds a double straight to IEEE binary16, to nearest with ties to even, as NumPy's
	 * {@code astype(np.float16)} does: not through float32, whose rounding first could move a value that lies
	 * just off a binary16 midpoint onto it. The float32 path gives a candidate within one binary16 step; its
	 * neighbours are compared exactly (every binary16 value is exact as a double).
	 * @param value a double
	 * @return the 16 bits in the low half of an int
	 */
	public static int float16BitsFromDouble(double value) {
		int candidate = toFloat16Bits((float) value);
		if ((candidate & 0x7C00) == 0x7C00 || Double.isNaN(value)) {
			return candidate;
		}
		int best = candidate;
		double bestError = Math.abs(Float.float16ToFloat((short) candidate) - value);
		for (int neighbour : float16Neighbours(candidate)) {
			if ((neighbour & 0x7C00) == 0x7C00) {
				continue;
			}
			double error = Math.abs(Float.float16ToFloat((short) neighbour) - value);
			if (error < bestError || (error == bestError && (neighbour & 1) == 0 && (best & 1) == 1)) {
				best = neighbour;
				bestError = error;
			}
		}
		return best;
	}

	/** The binary16 values one step below and above, in value order (through zero, across the sign). */
	private static int[] float16Neighbours(int bits) {
		int magnitude = bits & 0x7FFF;
		int sign = bits & 0x8000;
		if (magnitude == 0) {
			return new int[] { 0x0001, 0x8001 };
		}
		return new int[] { sign | (magnitude - 1), sign | (magnitude + 1) };
	}

	/**
	 * Rounds a float32 value to this dtype and back, giving the value an element of this dtype holds.
	 * @param value a float32 value
	 * @return the same value for float32 and float64, the rounded one for float16 and bfloat16
	 */
	public float round(float value) {
		return switch (this) {
			case FLOAT16 -> widen16(toFloat16Bits(value));
			case BFLOAT16 -> widen16(toBfloat16Bits(value));
			default -> value;
		};
	}

	/**
	 * Returns the float32 that a 16-bit element stands for, exactly.
	 * @param bits the 16 bits of a float16 or bfloat16 element
	 * @return its value
	 */
	public float widen16(int bits) {
		return switch (this) {
			case FLOAT16 -> Float.float16ToFloat((short) bits);
			case BFLOAT16 -> Float.intBitsToFloat(bits << 16);
			default -> throw new IllegalStateException(this.id + " is not a 16-bit type");
		};
	}

}
