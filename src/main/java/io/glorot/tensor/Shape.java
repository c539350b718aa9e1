package io.glorot.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, 1 to {@value #MAX_RANK} positive sizes, whose product fits in a signed 64-bit
 * integer. Elements are numbered in C (row-major) order.
 */
public final class Shape {

	/** The largest rank a shape may have. */
	public static final int MAX_RANK = 8;

	private final long[] dims;

	private final long elementCount;

	private Shape(long[] dims, long elementCount) {
		this.dims = dims;
		this.elementCount = elementCount;
	}

	/**
	 * Makes a shape.
	 * @param dims the sizes, each positive
	 * @return the shape
	 * @throws IllegalArgumentException if there are no or too many dimensions, a size is not positive, or the
	 * element count overflows a long
	 */
	public static Shape of(long... dims) {
		if (dims.length == 0 || dims.length > MAX_RANK) {
			throw new IllegalArgumentException("a shape has 1 to " + MAX_RANK + " dimensions, got " + dims.length);
		}
		long count = 1;
		for (long d : dims) {
			if (d <= 0) {
				throw new IllegalArgumentException("dimensions must be positive, got " + d);
			}
			count = Math.multiplyExact(count, d);
		}
		return new Shape(dims.clone(), count);
	}

	/**
	 * Returns the number of dimensions.
	 * @return the rank
	 */
	public int rank() {
		return this.dims.length;
	}

	/**
	 * Returns one dimension's size.
	 * @param axis the dimension, from 0
	 * @return its size
	 */
	public long dim(int axis) {
		return this.dims[axis];
	}

	/**
	 * Returns a copy of the sizes.
	 * @return the sizes
	 */
	public long[] dims() {
		return this.dims.clone();
	}

	/**
	 * Returns the product of the sizes.
	 * @return the element count
	 */
	public long elementCount() {
		return this.elementCount;
	}

	/**
	 * Formats the shape as the API writes it: sizes separated by commas, no spaces.
	 * @return e.g. {@code 256,512}
	 */
	public String toCsv() {
		StringBuilder csv = new StringBuilder(8 * this.dims.length);
		for (int i = 0; i < this.dims.length; i++) {
			if (i > 0) {
				csv.append(',');
			}
			csv.append(this.dims[i]);
		}
		return csv.toString();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Shape shape) && Arrays.equals(this.dims, shape.dims);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.dims);
	}

	@Override
	public String toString() {
		return "[" + toCsv() + "]";
	}

}
