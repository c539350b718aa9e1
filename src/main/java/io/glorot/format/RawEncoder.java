package io.glorot.format;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * The values alone: little-endian, C order, no header (canonical-generator.md §5).
 */
public final class RawEncoder extends BinaryTensorEncoder {

	private static final byte[] NO_PREFIX = new byte[0];

	/** An encoder that generates on the calling thread. */
	public RawEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values how the value bytes are produced
	 */
	public RawEncoder(ValueWriter values) {
		super(values);
	}

	@Override
	public TensorFormat format() {
		return TensorFormat.RAW;
	}

	@Override
	public byte[] prefix(TensorSpec spec) {
		return NO_PREFIX;
	}

}
