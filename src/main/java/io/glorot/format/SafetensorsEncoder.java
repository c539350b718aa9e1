package io.glorot.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * Hugging Face's safetensors format: an unsigned 64-bit little-endian header length, a JSON header padded with
 * spaces to a multiple of 8 bytes, then the data. The header maps the tensor's name (or {@code weight}) to its
 * dtype, shape and byte offsets, and {@code __metadata__} records the generator and every parameter as strings, so
 * a file found on disk says how to make it again.
 */
public final class SafetensorsEncoder extends BinaryTensorEncoder {

	/** The key of an unnamed tensor. */
	public static final String DEFAULT_KEY = "weight";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An encoder that generates on the calling thread. */
	public SafetensorsEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values how the value bytes are produced
	 */
	public SafetensorsEncoder(ValueWriter values) {
		super(values);
	}

	@Override
	public TensorFormat format() {
		return TensorFormat.SAFETENSORS;
	}

	@Override
	public byte[] prefix(TensorSpec spec) {
		byte[] header = header(spec);
		byte[] prefix = new byte[8 + header.length];
		System.arraycopy(littleEndianLong(header.length), 0, prefix, 0, 8);
		System.arraycopy(header, 0, prefix, 8, header.length);
		return prefix;
	}

	static byte[] header(TensorSpec spec) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("__metadata__", metadata(spec));
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("dtype", spec.dtype().safetensorsName());
		entry.put("shape", spec.region().shape().dims());
		entry.put("data_offsets", List.of(0L, spec.valueBytes()));
		header.put((spec.name() != null) ? spec.name() : DEFAULT_KEY, entry);
		return padded(JSON.writeValueAsBytes(header));
	}

	/**
	 * Renders a tensor's description as safetensors metadata: every value a string, lists as JSON arrays.
	 * @param spec the tensor
	 * @return the metadata entries
	 */
	static Map<String, String> metadata(TensorSpec spec) {
		Map<String, String> metadata = new LinkedHashMap<>();
		TensorDescription.of(spec).forEach((key, value) -> metadata.put(key,
				(value instanceof List<?>) ? JSON.writeValueAsString(value) : String.valueOf(value)));
		return metadata;
	}

	/** Pads a header with spaces to a multiple of 8 bytes, as the reference implementation does. */
	static byte[] padded(byte[] json) {
		int length = (json.length + 7) & ~7;
		byte[] bytes = new byte[length];
		System.arraycopy(json, 0, bytes, 0, json.length);
		for (int i = json.length; i < length; i++) {
			bytes[i] = ' ';
		}
		return bytes;
	}

	static byte[] littleEndianLong(long value) {
		byte[] bytes = new byte[8];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (byte) (value >>> (8 * i));
		}
		return bytes;
	}

}
