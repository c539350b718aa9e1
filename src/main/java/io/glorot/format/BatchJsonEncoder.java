package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalLong;

import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * A JSON object keyed by tensor name, in request order, whose every entry is exactly the single-tensor JSON answer
 * ({@link JsonEncoder}) for that tensor.
 */
public final class BatchJsonEncoder implements BatchEncoder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonEncoder single;

	/** An encoder that formats on the calling thread. */
	public BatchJsonEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values where chunks are formatted
	 */
	public BatchJsonEncoder(ValueWriter values) {
		this.single = new JsonEncoder(values);
	}

	@Override
	public BatchFormat format() {
		return BatchFormat.JSON;
	}

	@Override
	public OptionalLong contentLength(List<TensorSpec> tensors) {
		return OptionalLong.empty();
	}

	@Override
	public void write(List<TensorSpec> tensors, OutputStream out) throws IOException {
		out.write('{');
		boolean first = true;
		for (TensorSpec spec : tensors) {
			if (!first) {
				out.write(',');
			}
			first = false;
			out.write(JSON.writeValueAsBytes(spec.name()));
			out.write(':');
			this.single.write(spec, spec.generator().open(spec), out);
		}
		out.write('}');
	}

}
