package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * Writes a tensor in one format, streaming: values are made chunk by chunk as they are written, never all at once.
 */
public interface TensorEncoder {

	/**
	 * Returns the format written.
	 * @return the format
	 */
	TensorFormat format();

	/**
	 * Returns the exact length of the answer, when it is known before writing.
	 * @param spec the tensor
	 * @return the byte count, or empty for formats whose length depends on the values (JSON)
	 */
	OptionalLong contentLength(TensorSpec spec);

	/**
	 * Writes the tensor.
	 * @param spec the tensor
	 * @param source its values
	 * @param out where the bytes go; not closed
	 * @throws IOException if writing fails, for example because the client went away
	 */
	void write(TensorSpec spec, ValueSource source, OutputStream out) throws IOException;

}
