package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * The values alone: little-endian, C order, no header (canonical-generator.md §5).
 */
public final class RawEncoder implements TensorEncoder {

	@Override
	public TensorFormat format() {
		return TensorFormat.RAW;
	}

	@Override
	public OptionalLong contentLength(TensorSpec spec) {
		return OptionalLong.of(spec.valueBytes());
	}

	@Override
	public void write(TensorSpec spec, ValueSource source, OutputStream out) throws IOException {
		ValueBytes.write(spec, source, out);
	}

}
