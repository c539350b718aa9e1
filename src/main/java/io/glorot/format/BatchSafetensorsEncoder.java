package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * Every tensor of a batch in one safetensors file, with the conventions of {@link SafetensorsEncoder}: an unsigned
 * 64-bit little-endian header length, a JSON header padded with spaces to a multiple of 8 bytes, then the tensors'
 * bytes back to back in request order, so the data offsets are contiguous from 0 to the end of the file. The header
 * is computed from the parameters alone, before any value is made.
 * <p>
 * {@code __metadata__} (string values, as the format requires) holds {@code generator} (the distinct generator
 * versions, comma-separated), {@code seed}, and {@code tensors}: a JSON object, as a string, mapping each name to
 * its {@link TensorDescription}, the same entries as the single-tensor JSON answer without the values. A file found
 * on disk thus says how to make each of its tensors again.
 */
public final class BatchSafetensorsEncoder implements BatchEncoder {

	private final ValueWriter values;

	/** An encoder that generates on the calling thread. */
	public BatchSafetensorsEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values how the value bytes are produced
	 */
	public BatchSafetensorsEncoder(ValueWriter values) {
		this.values = values;
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public BatchFormat format() {
		return BatchFormat.SAFETENSORS;
	}

	@Override
	public OptionalLong contentLength(List<TensorSpec> tensors) {
		long length = 8 + header(tensors).length;
		for (TensorSpec spec : tensors) {
			length = Math.addExact(length, spec.valueBytes());
		}
		return OptionalLong.of(length);
	}

	@Override
	public void write(List<TensorSpec> tensors, OutputStream out) throws IOException {
		byte[] header = header(tensors);
		out.write(SafetensorsEncoder.littleEndianLong(header.length));
		out.write(header);
		for (TensorSpec spec : tensors) {
			this.values.write(spec, spec.generator().open(spec), out);
		}
	}

	/**
	 * Builds the padded JSON header.
	 * @param tensors the named tensors
	 * @return the header bytes, a multiple of 8 long
	 */
	static byte[] header(List<TensorSpec> tensors) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("__metadata__", metadata(tensors));
		long offset = 0;
		for (TensorSpec spec : tensors) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("dtype", spec.dtype().safetensorsName());
			entry.put("shape", spec.region().shape().dims());
			long end = offset + spec.valueBytes();
			entry.put("data_offsets", List.of(offset, end));
			header.put(spec.name(), entry);
			offset = end;
		}
		return SafetensorsEncoder.padded(JSON.writeValueAsBytes(header));
	}

	static Map<String, String> metadata(List<TensorSpec> tensors) {
		Set<String> generators = new LinkedHashSet<>();
		Map<String, Object> descriptions = new LinkedHashMap<>();
		for (TensorSpec spec : tensors) {
			generators.add(spec.generator().version());
			descriptions.put(spec.name(), TensorDescription.of(spec));
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("generator", String.join(",", generators));
		if (!tensors.isEmpty()) {
			metadata.put("seed", tensors.get(0).seedText());
		}
		metadata.put("tensors", JSON.writeValueAsString(descriptions));
		return metadata;
	}

}
