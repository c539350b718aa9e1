package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;
import io.glorot.tensor.ValueWriter;

/**
 * A binary format: a prefix computed from the parameters alone (a header, or nothing), then the values as
 * little-endian bytes. Its length is known before any value is made, and any byte range of it can be written on
 * its own, without making the values before the range.
 */
public abstract class BinaryTensorEncoder implements TensorEncoder {

	private final ValueWriter values;

	/**
	 * Makes an encoder.
	 * @param values how the value bytes are produced and written
	 */
	protected BinaryTensorEncoder(ValueWriter values) {
		this.values = values;
	}

	/**
	 * Returns the bytes before the values.
	 * @param spec the tensor
	 * @return the prefix, possibly empty
	 */
	public abstract byte[] prefix(TensorSpec spec);

	@Override
	public OptionalLong contentLength(TensorSpec spec) {
		return OptionalLong.of(length(spec, prefix(spec)));
	}

	@Override
	public void write(TensorSpec spec, ValueSource source, OutputStream out) throws IOException {
		byte[] prefix = prefix(spec);
		write(spec, source, prefix, 0, length(spec, prefix), out);
	}

	/**
	 * Writes bytes {@code [from, to)} of the answer.
	 * @param spec the tensor
	 * @param source its values
	 * @param prefix the tensor's prefix, as {@link #prefix(TensorSpec)} returns it
	 * @param from first byte
	 * @param to one past the last byte
	 * @param out where the bytes go
	 * @throws IOException if writing fails
	 */
	public void write(TensorSpec spec, ValueSource source, byte[] prefix, long from, long to, OutputStream out)
			throws IOException {
		if (from < prefix.length) {
			out.write(prefix, (int) from, (int) (Math.min(to, prefix.length) - from));
		}
		long valuesFrom = Math.max(0, from - prefix.length);
		long valuesTo = to - prefix.length;
		if (valuesTo > valuesFrom) {
			this.values.write(spec, source, valuesFrom, valuesTo, out);
		}
	}

	/**
	 * Returns the answer's length.
	 * @param spec the tensor
	 * @param prefix its prefix
	 * @return prefix plus value bytes
	 */
	public static long length(TensorSpec spec, byte[] prefix) {
		return Math.addExact(prefix.length, spec.valueBytes());
	}

}
