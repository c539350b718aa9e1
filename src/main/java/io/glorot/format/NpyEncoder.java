package io.glorot.format;

import java.nio.charset.StandardCharsets;

import io.glorot.tensor.DType;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * NumPy's {@code .npy} format (numpy.lib.format, NEP 1): the magic string, a version, a little-endian header length,
 * a Python-literal header dict padded with spaces and a newline so the data starts on a 64-byte boundary, then the
 * values in C order. Version 1.0 unless the header outgrows its 16-bit length field, then 2.0.
 */
public final class NpyEncoder extends BinaryTensorEncoder {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private static final int ALIGNMENT = 64;

	/** An encoder that generates on the calling thread. */
	public NpyEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values how the value bytes are produced
	 */
	public NpyEncoder(ValueWriter values) {
		super(values);
	}

	@Override
	public TensorFormat format() {
		return TensorFormat.NPY;
	}

	/**
	 * Tells whether NumPy has a type for a dtype.
	 * @param dtype the dtype
	 * @return false for bfloat16
	 */
	public static boolean supports(DType dtype) {
		return dtype.numpyDescr() != null;
	}

	@Override
	public byte[] prefix(TensorSpec spec) {
		return header(spec);
	}

	static byte[] header(TensorSpec spec) {
		String descr = spec.dtype().numpyDescr();
		if (descr == null) {
			throw new IllegalArgumentException("NumPy has no type for " + spec.dtype().id());
		}
		return header(descr, spec.region().shape().dims());
	}

	/**
	 * Builds the header: magic, version, length and the padded dict.
	 * @param descr the array-protocol type string, e.g. {@code <f4}
	 * @param shape the array's shape
	 * @return the bytes before the data
	 */
	static byte[] header(String descr, long[] shape) {
		StringBuilder tuple = new StringBuilder("(");
		for (long d : shape) {
			tuple.append(d).append(", ");
		}
		// a 1-tuple keeps its comma, as Python writes it: (5,)
		tuple.setLength(tuple.length() - ((shape.length == 1) ? 1 : 2));
		tuple.append(')');
		String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
		return withPreamble(dict);
	}

	static byte[] withPreamble(String dict) {
		int version = 1;
		int total = aligned(preambleLength(1) + dict.length() + 1);
		if (total - preambleLength(1) > 0xFFFF) {
			version = 2;
			total = aligned(preambleLength(2) + dict.length() + 1);
		}
		int preamble = preambleLength(version);
		int headerLength = total - preamble;
		byte[] bytes = new byte[total];
		System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
		bytes[6] = (byte) version;
		bytes[7] = 0;
		bytes[8] = (byte) headerLength;
		bytes[9] = (byte) (headerLength >>> 8);
		if (version == 2) {
			bytes[10] = (byte) (headerLength >>> 16);
			bytes[11] = (byte) (headerLength >>> 24);
		}
		byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(text, 0, bytes, preamble, text.length);
		for (int i = preamble + text.length; i < total - 1; i++) {
			bytes[i] = ' ';
		}
		bytes[total - 1] = '\n';
		return bytes;
	}

	private static int aligned(int length) {
		return ((length + ALIGNMENT - 1) / ALIGNMENT) * ALIGNMENT;
	}

	private static int preambleLength(int version) {
		return (version == 1) ? 10 : 12;
	}

}
