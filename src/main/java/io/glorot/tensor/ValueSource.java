package io.glorot.tensor;

/**
 * The values of one tensor, addressed by flat index in the full tensor's C order. Implementations are pure
 * functions of the tensor's request: filling the same range twice gives the same values.
 */
public interface ValueSource {

	/**
	 * Fills {@code dst[offset .. offset + length)} with the float32 values of elements
	 * {@code [from, from + length)}.
	 * @param from the first flat index
	 * @param dst where the values go
	 * @param offset where the first value goes
	 * @param length how many values
	 */
	void fill(long from, float[] dst, int offset, int length);

	/**
	 * Fills {@code dst[offset .. offset + length)} with the float64 values of elements
	 * {@code [from, from + length)}.
	 * @param from the first flat index
	 * @param dst where the values go
	 * @param offset where the first value goes
	 * @param length how many values
	 */
	void fill(long from, double[] dst, int offset, int length);

	/**
	 * Tells whether ranges may be filled concurrently and in any order at no extra cost. Sources that must run a
	 * sequential stream from its start answer false.
	 * @return true when every element is computed on its own
	 */
	default boolean isRandomAccess() {
		return true;
	}

}
