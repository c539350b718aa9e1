package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.RegionValues;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * A JSON object with the tensor's description ({@link TensorDescription}) followed by {@code values}: nested
 * arrays in C order, as NumPy's {@code tolist()} nests them. float32 (and float16, bfloat16) values are written in
 * the shortest decimal form that reads back to the same float32, float64 values in the shortest that reads back to
 * the same double.
 */
public final class JsonEncoder implements TensorEncoder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int CHUNK_ELEMENTS = 1 << 14;

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
		AsciiWriter writer = new AsciiWriter(out);
		writer.append(",\"values\":");
		writeValues(spec, source, writer);
		writer.append('}');
		writer.flush();
	}

	private static void writeValues(TensorSpec spec, ValueSource source, AsciiWriter writer) throws IOException {
		long[] dims = spec.region().shape().dims();
		int rank = dims.length;
		long[] index = new long[rank];
		long total = spec.region().elementCount();
		RegionValues values = new RegionValues(spec, source);
		boolean doubles = spec.dtype().isDouble();
		float[] floats = doubles ? null : new float[(int) Math.min(total, CHUNK_ELEMENTS)];
		double[] wide = doubles ? new double[(int) Math.min(total, CHUNK_ELEMENTS)] : null;
		for (long from = 0; from < total; from += CHUNK_ELEMENTS) {
			int count = (int) Math.min(CHUNK_ELEMENTS, total - from);
			if (doubles) {
				values.doubles(from, count, wide);
			}
			else {
				values.floats(from, count, floats);
			}
			for (int j = 0; j < count; j++) {
				// open one bracket per trailing dimension that starts here
				int opening = 0;
				while (opening < rank && index[rank - 1 - opening] == 0) {
					opening++;
				}
				if (from + j > 0) {
					writer.append(',');
				}
				for (int k = 0; k < opening; k++) {
					writer.append('[');
				}
				writer.append(doubles ? Double.toString(wide[j]) : Float.toString(floats[j]));
				// advance the index, closing one bracket per dimension that completes
				for (int d = rank - 1; d >= 0; d--) {
					if (++index[d] < dims[d]) {
						break;
					}
					index[d] = 0;
					writer.append(']');
				}
			}
		}
	}

	/**
	 * Buffers ASCII text and writes it out in large blocks.
	 */
	private static final class AsciiWriter {

		private final OutputStream out;

		private final byte[] buffer = new byte[1 << 16];

		private int used;

		AsciiWriter(OutputStream out) {
			this.out = out;
		}

		void append(char c) throws IOException {
			if (this.used == this.buffer.length) {
				flush();
			}
			this.buffer[this.used++] = (byte) c;
		}

		void append(String text) throws IOException {
			if (this.used + text.length() > this.buffer.length) {
				flush();
			}
			for (int i = 0; i < text.length(); i++) {
				this.buffer[this.used++] = (byte) text.charAt(i);
			}
		}

		void flush() throws IOException {
			this.out.write(this.buffer, 0, this.used);
			this.used = 0;
		}

	}

}
