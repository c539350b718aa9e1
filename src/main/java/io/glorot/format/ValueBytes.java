package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;

import io.glorot.tensor.RegionValues;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * Writes a region's values as little-endian bytes, one chunk at a time, so memory stays bounded whatever the
 * tensor's size.
 */
final class ValueBytes {

	/** Elements made and written at a time. */
	static final int CHUNK_ELEMENTS = 1 << 16;

	private ValueBytes() {
	}

	static void write(TensorSpec spec, ValueSource source, OutputStream out) throws IOException {
		RegionValues values = new RegionValues(spec, source);
		long total = spec.region().elementCount();
		int size = spec.dtype().size();
		byte[] buffer = new byte[(int) Math.min(total, CHUNK_ELEMENTS) * size];
		for (long from = 0; from < total; from += CHUNK_ELEMENTS) {
			int count = (int) Math.min(CHUNK_ELEMENTS, total - from);
			values.bytes(from, count, buffer);
			out.write(buffer, 0, count * size);
		}
	}

}
