package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;

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
		this.values.ordered(chunks, (c) -> format(spec, source, c * CHUNK_ELEMENTS,
				(int) Math.min(CHUNK_ELEMENTS, total - c * CHUNK_ELEMENTS)), (c, text) -> out.write(text.bytes(), 0,
						text.length()));
		out.write('}');
	}

	/** Formats elements {@code [from, from + count)} of the region, with their commas and brackets. */
	static Ascii format(TensorSpec spec, ValueSource source, long from, int count) {
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
		float[] floats = doubles ? null : new float[count];
		double[] wide = doubles ? new double[count] : null;
		if (doubles) {
			values.doubles(from, count, wide);
		}
		else {
			values.floats(from, count, floats);
		}
		Ascii text = new Ascii(count * 14 + 64);
		for (int j = 0; j < count; j++) {
			if (from + j > 0) {
				text.append(',');
			}
			// one bracket opens per trailing dimension that starts here
			for (int d = rank - 1; d >= 0 && index[d] == 0; d--) {
				text.append('[');
			}
			if (doubles) {
				text.appendDouble(wide[j]);
			}
			else {
				text.appendFloat(floats[j]);
			}
			// one bracket closes per dimension that completes
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < dims[d]) {
					break;
				}
				index[d] = 0;
				text.append(']');
			}
		}
		return text;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A growable buffer of ASCII text.
	 */
	static final class Ascii {

		private byte[] bytes;

		private int length;

		Ascii(int capacity) {
			this.bytes = new byte[capacity];
		}

		void append(char c) {
			ensure(1);
			this.bytes[this.length++] = (byte) c;
		}

		/** Appends {@code Float.toString(v)}'s text, written straight into the buffer ({@link ShortestDecimal}). */
		void appendFloat(float v) {
			ensure(ShortestDecimal.MAX_FLOAT_CHARS);
			this.length = ShortestDecimal.writeFloat(v, this.bytes, this.length);
		}

		/** Appends {@code Double.toString(v)}'s text, written straight into the buffer ({@link ShortestDecimal}). */
		void appendDouble(double v) {
			ensure(ShortestDecimal.MAX_DOUBLE_CHARS);
			this.length = ShortestDecimal.writeDouble(v, this.bytes, this.length);
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
