package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalLong;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * Writes a batch of named tensors as one answer, streaming: each tensor's values are made chunk by chunk while they
 * are written, so memory stays bounded whatever the total size.
 */
public interface BatchEncoder {

	/**
	 * Returns the format written.
	 * @return the format
	 */
	BatchFormat format();

	/**
	 * Returns the exact length of the answer, when it is known before writing.
	 * @param tensors the tensors, named and in answer order
	 * @return the byte count, or empty for JSON
	 */
	OptionalLong contentLength(List<TensorSpec> tensors);

	/**
	 * Writes the batch. Each tensor's values come from {@code spec.generator().open(spec)}, opened as it is reached.
	 * @param tensors the tensors, named and in answer order
	 * @param out where the bytes go; not closed
	 * @throws IOException if writing fails, for example because the client went away
	 */
	void write(List<TensorSpec> tensors, OutputStream out) throws IOException;

	/**
	 * Returns the encoder of a batch format.
	 * @param format the format
	 * @param values how value bytes are produced and written
	 * @return its encoder
	 */
	static BatchEncoder of(BatchFormat format, ValueWriter values) {
		return switch (format) {
			case JSON -> new BatchJsonEncoder(values);
			case SAFETENSORS -> new BatchSafetensorsEncoder(values);
			case NPZ -> new NpzEncoder(values);
		};
	}

}
