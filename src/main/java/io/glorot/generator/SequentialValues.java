package io.glorot.generator;

import io.glorot.tensor.ValueSource;

/**
 * The values of a tensor that a sequential stream makes, element after element from the start (docs/compat.md
 * §Slices). A cursor remembers where the stream stands, so consecutive fills continue it; a fill that starts past
 * the cursor skips forward (by discarding, skipping words or jumping, as the subclass can); a fill that starts
 * before the cursor restarts the stream from its beginning. Fills are serialized.
 */
public abstract class SequentialValues implements ValueSource {

	private long cursor;

	/**
	 * Makes the values; the subclass's constructor leaves its stream at element 0.
	 */
	protected SequentialValues() {
	}

	/** Puts the stream back to element 0, as freshly seeded. */
	protected abstract void restart();

	/**
	 * Moves the stream forward past elements it will not be asked for.
	 * @param from the element the stream stands at
	 * @param count how many elements to pass over, at least 1
	 */
	protected abstract void skip(long from, long count);

	/**
	 * Makes the next element as float32.
	 * @param index the element's flat index, which is where the stream stands
	 * @return the value
	 */
	protected abstract float nextFloat(long index);

	/**
	 * Makes the next element as float64.
	 * @param index the element's flat index, which is where the stream stands
	 * @return the value
	 */
	protected abstract double nextDouble(long index);

	@Override
	public final synchronized void fill(long from, float[] dst, int offset, int length) {
		moveTo(from);
		for (int j = 0; j < length; j++) {
			dst[offset + j] = nextFloat(from + j);
		}
		this.cursor = from + length;
	}

	@Override
	public final synchronized void fill(long from, double[] dst, int offset, int length) {
		moveTo(from);
		for (int j = 0; j < length; j++) {
			dst[offset + j] = nextDouble(from + j);
		}
		this.cursor = from + length;
	}

	@Override
	public final boolean isRandomAccess() {
		return false;
	}

	private void moveTo(long from) {
		if (from < this.cursor) {
			restart();
			this.cursor = 0;
		}
		if (from > this.cursor) {
			skip(this.cursor, from - this.cursor);
			this.cursor = from;
		}
	}

}
