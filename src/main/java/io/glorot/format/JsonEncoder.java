package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.RegionValues;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;
import io.glorot.tensor.ValueWriter;

/**
 * A JSON object with the tensor's description ({@link TensorDescription}) followed by {@code values}: nested
 * arrays in C order, as NumPy's {@code tolist()} nests them. float32 (and float16, bfloat16) values are written in
 * the shortest decimal form that reads back to the same float32, float64 values in the shortest that reads back to
 * the same double.
 * <p>
 * The values are formatted in chunks, each on its own (a chunk knows its brackets from its first element's
 * index), so a parallel {@link ValueWriter} formats them on all cores while they are written in order.
 */
public final class JsonEncoder implements TensorEncoder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Elements formatted per chunk. */
	static final int CHUNK_ELEMENTS = 1 << 14;

	private final ValueWriter values;

	/** An encoder that formats on the calling thread. */
	public JsonEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values where chunks are formatted (on its pool, if it has one)
	 */
	public JsonEncoder(ValueWriter values) {
		this.values = values;
	}

	@Override
	public TensorFormat format() {
		return TensorFormat.JSON;
	}

	@Override
	public OptionalLong contentLength(TensorSpec spec) {
		return OptionalLong.empty();
	}

	@Override
	public void write(TensorSpec spec, ValueSource source, OutputStream out) throws IOException {
		byte[] description = JSON.writeValueAsBytes(TensorDescription.of(spec));
		// the description without its closing brace, then the values
		out.write(description, 0, description.length - 1);
		out.write(ascii(",\"values\":"));
		long total = spec.region().elementCount();
		long chunks = (total + CHUNK_ELEMENTS - 1) / CHUNK_ELEMENTS;
		// chunk buffers go back to this queue once written, as the binary chunks do (ValueWriter.write): one answer
		// holds at most chunksAhead + 2 of them, which is what the memory budget counts (MemoryBudget.jsonStream)
		Queue<Ascii> free = new ConcurrentLinkedQueue<>();
		this.values.ordered(chunks, (c) -> format(spec, source, c * CHUNK_ELEMENTS,
				(int) Math.min(CHUNK_ELEMENTS, total - c * CHUNK_ELEMENTS), free.poll()), (c, text) -> {
					out.write(text.bytes(), 0, text.length());
					free.offer(text);
				});
		out.write('}');
	}

	/** Formats elements {@code [from, from + count)} of the region, with their commas and brackets. */
	static Ascii format(TensorSpec spec, ValueSource source, long from, int count) {
		return format(spec, source, from, count, null);
	}

	/**
	 * Formats elements {@code [from, from + count)} of the region, with their commas and brackets, into
	 * {@code reuse} if given (its text is replaced) or a new buffer. The values of one row are written in one
	 * tight loop; commas and brackets between rows come from the element's index.
	 */
	static Ascii format(TensorSpec spec, ValueSource source, long from, int count, Ascii reuse) {
		long[] dims = spec.region().shape().dims();
		int rank = dims.length;
		long[] index = new long[rank];
		long rest = from;
		for (int d = rank - 1; d >= 0; d--) {
			index[d] = rest % dims[d];
			rest /= dims[d];
		}
		RegionValues values = new RegionValues(spec, source);
		boolean doubles = spec.dtype().isDouble();
		Ascii text = (reuse != null) ? reuse : new Ascii(count * (doubles ? 25 : 16) + 64);
		text.length = 0;
		if (doubles) {
			values.doubles(from, count, text.doubles(count));
		}
		else {
			values.floats(from, count, text.floats(count));
		}
		long row = (rank == 0) ? 1 : dims[rank - 1];
		int j = 0;
		while (j < count) {
			text.ensure(2 * rank + 1);
			if (from + j > 0) {
				text.bytes[text.length++] = ',';
			}
			// one bracket opens per trailing dimension that starts here
			for (int d = rank - 1; d >= 0 && index[d] == 0; d--) {
				text.bytes[text.length++] = '[';
			}
			// the rest of this row, or of the chunk
			int run = (int) Math.min(count - j, row - ((rank == 0) ? 0 : index[rank - 1]));
			if (doubles) {
				text.appendDoubles(j, run);
			}
			else {
				text.appendFloats(j, run);
			}
			j += run;
			if (rank == 0) {
				break;
			}
			index[rank - 1] += run - 1;
			text.ensure(rank);
			// one bracket closes per dimension that completes after the run's last element
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < dims[d]) {
					break;
				}
				index[d] = 0;
				text.bytes[text.length++] = ']';
			}
		}
		return text;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A growable buffer of ASCII text, with the values of the chunk it formats.
	 */
	static final class Ascii {

		private static final float[] NO_FLOATS = {};

		private static final double[] NO_DOUBLES = {};

		private byte[] bytes;

		private int length;

		private float[] floats = NO_FLOATS;

		private double[] doubles = NO_DOUBLES;

		Ascii(int capacity) {
			this.bytes = new byte[capacity];
		}

		/** An array of at least {@code count} floats for the chunk's values (reused). */
		float[] floats(int count) {
			if (this.floats.length < count) {
				this.floats = new float[count];
			}
			return this.floats;
		}

		/** An array of at least {@code count} doubles for the chunk's values (reused). */
		double[] doubles(int count) {
			if (this.doubles.length < count) {
				this.doubles = new double[count];
			}
			return this.doubles;
		}

		/**
		 * Appends {@code floats[from, from + count)} as {@code Float.toString}'s text separated by commas, written
		 * straight into the buffer ({@link ShortestDecimal#writeFloatInPlace}).
		 */
		void appendFloats(int from, int count) {
			// at most 15 characters and a comma per value, and the writer's room after the last one
			ensure(count * (ShortestDecimal.MAX_FLOAT_CHARS + 1) + ShortestDecimal.FLOAT_ROOM);
			byte[] out = this.bytes;
			float[] values = this.floats;
			int at = ShortestDecimal.writeFloatInPlace(values[from], out, this.length);
			for (int i = from + 1, end = from + count; i < end; i++) {
				out[at] = ',';
				at = ShortestDecimal.writeFloatInPlace(values[i], out, at + 1);
			}
			this.length = at;
		}

		/** Appends {@code doubles[from, from + count)} as {@code Double.toString}'s text separated by commas. */
		void appendDoubles(int from, int count) {
			ensure(count * (ShortestDecimal.MAX_DOUBLE_CHARS + 1) + ShortestDecimal.DOUBLE_ROOM);
			byte[] out = this.bytes;
			double[] values = this.doubles;
			int at = ShortestDecimal.writeDoubleInPlace(values[from], out, this.length);
			for (int i = from + 1, end = from + count; i < end; i++) {
				out[at] = ',';
				at = ShortestDecimal.writeDoubleInPlace(values[i], out, at + 1);
			}
			this.length = at;
		}

		private void ensure(int more) {
			if (this.length + more > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
			}
		}

		byte[] bytes() {
			return this.bytes;
		}

		int length() {
			return this.length;
		}

	}

}
