package io.glorot.tensor;

import java.util.StringJoiner;

/**
 * A box of a tensor: one half-open range {@code [start, stop)} per dimension of the full shape. Its elements, in C
 * order, are what a sliced answer carries; each keeps the flat index it has in the full tensor, so its value is
 * the same as in the whole tensor.
 */
public final class Region {

	private final Shape full;

	private final long[] start;

	private final long[] stop;

	private final Shape shape;

	/** Number of trailing dimensions whose region covers the whole dimension. */
	private final int contiguousDims;

	/** Flat-index distance between neighbours along each dimension of the full shape. */
	private final long[] strides;

	/** Elements in one contiguous run of flat indices. */
	private final long runLength;

	/** Whether the region was asked for as a slice, even one that covers the whole tensor. */
	private final boolean slice;

	private Region(Shape full, long[] start, long[] stop, boolean slice) {
		this.full = full;
		this.slice = slice;
		this.start = start;
		this.stop = stop;
		int rank = full.rank();
		long[] sizes = new long[rank];
		for (int d = 0; d < rank; d++) {
			sizes[d] = stop[d] - start[d];
		}
		this.shape = Shape.of(sizes);
		this.strides = new long[rank];
		long stride = 1;
		for (int d = rank - 1; d >= 0; d--) {
			this.strides[d] = stride;
			stride *= full.dim(d);
		}
		int whole = 0;
		while (whole < rank && isWhole(rank - 1 - whole)) {
			whole++;
		}
		this.contiguousDims = whole;
		// a run spans the whole trailing dimensions plus the range of the next one in
		int runAxis = rank - 1 - whole;
		this.runLength = (runAxis < 0) ? full.elementCount() : sizes[runAxis] * this.strides[runAxis];
	}

	/**
	 * The whole tensor.
	 * @param full the tensor's shape
	 * @return a region covering every element
	 */
	public static Region all(Shape full) {
		return new Region(full, new long[full.rank()], full.dims(), false);
	}

	/**
	 * A box of a tensor.
	 * @param full the tensor's shape
	 * @param start the first index in each dimension
	 * @param stop one past the last index in each dimension
	 * @return the region
	 * @throws IllegalArgumentException if the ranks differ or a range is empty or outside its dimension
	 */
	public static Region of(Shape full, long[] start, long[] stop) {
		if (start.length != full.rank() || stop.length != full.rank()) {
			throw new IllegalArgumentException("a region needs one range per dimension");
		}
		for (int d = 0; d < full.rank(); d++) {
			if (start[d] < 0 || stop[d] > full.dim(d) || start[d] >= stop[d]) {
				throw new IllegalArgumentException("range " + start[d] + ":" + stop[d] + " of dimension " + d
						+ " is not a non-empty part of 0:" + full.dim(d));
			}
		}
		return new Region(full, start.clone(), stop.clone(), true);
	}

	/**
	 * Returns the shape of the whole tensor.
	 * @return the full shape
	 */
	public Shape fullShape() {
		return this.full;
	}

	/**
	 * Returns the shape of the region itself.
	 * @return the region's shape
	 */
	public Shape shape() {
		return this.shape;
	}

	/**
	 * Returns the number of elements in the region.
	 * @return the count
	 */
	public long elementCount() {
		return this.shape.elementCount();
	}

	/**
	 * Tells whether the region is the whole tensor.
	 * @return true when every range covers its dimension
	 */
	public boolean isAll() {
		return this.contiguousDims == this.full.rank();
	}

	/**
	 * Tells whether the region was asked for as a slice ({@link #of}), even one whose ranges cover the whole tensor
	 * such as {@code :,:}: its answer then describes the slice and the full shape, and has its own entity tag.
	 * @return true for a region made by {@link #of}, false for {@link #all}
	 */
	public boolean isSlice() {
		return this.slice;
	}

	/**
	 * Writes the region as the API's {@code slice} parameter.
	 * @return e.g. {@code 0:512,0:1024}
	 */
	public String toSliceString() {
		StringJoiner joiner = new StringJoiner(",");
		for (int d = 0; d < this.full.rank(); d++) {
			joiner.add(this.start[d] + ":" + this.stop[d]);
		}
		return joiner.toString();
	}

	/**
	 * Visits the flat-index runs of region elements {@code [from, from + count)}, in order.
	 * @param from the first region element (C order within the region)
	 * @param count how many elements
	 * @param visitor called with each run's first flat index, its length, and its offset from {@code from}
	 */
	public void forEachRun(long from, long count, RunVisitor visitor) {
		if (from < 0 || count < 0 || from + count > elementCount()) {
			throw new IndexOutOfBoundsException("elements " + from + " + " + count + " of " + elementCount());
		}
		long done = 0;
		while (done < count) {
			long position = from + done;
			long runIndex = position / this.runLength;
			long inRun = position % this.runLength;
			long length = Math.min(this.runLength - inRun, count - done);
			visitor.run(flatIndexOfRun(runIndex) + inRun, length, done);
			done += length;
		}
	}

	/** The flat index of the first element of run {@code runIndex}. */
	private long flatIndexOfRun(long runIndex) {
		int rank = this.full.rank();
		int runAxis = rank - 1 - this.contiguousDims;
		long flat = (runAxis < 0) ? 0 : this.start[runAxis] * this.strides[runAxis];
		long rest = runIndex;
		for (int d = runAxis - 1; d >= 0; d--) {
			long size = this.stop[d] - this.start[d];
			flat += (this.start[d] + rest % size) * this.strides[d];
			rest /= size;
		}
		return flat;
	}

	private boolean isWhole(int axis) {
		return this.start[axis] == 0 && this.stop[axis] == this.full.dim(axis);
	}

	/**
	 * Receives runs of consecutive flat indices.
	 */
	@FunctionalInterface
	public interface RunVisitor {

		/**
		 * Receives one run.
		 * @param flatStart flat index of the run's first element in the full tensor
		 * @param length number of elements
		 * @param offset position of the run's first element among those asked for
		 */
		void run(long flatStart, long length, long offset);

	}

}
