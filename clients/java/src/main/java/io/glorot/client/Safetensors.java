package io.glorot.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed safetensors file: an unsigned little-endian 64-bit header length N, N bytes of JSON header, then the
 * data, each tensor's {@code data_offsets} relative to it, contiguous and reaching the end of the file.
 *
 * @param tensors the tensors, in header order
 * @param metadata {@code __metadata__} (string values)
 */
public record Safetensors(Map<String, Tensor> tensors, Map<String, String> metadata) {

	private static final Map<String, String> DTYPES = Map.of("F64", "float64", "F32", "float32", "F16", "float16",
			"BF16", "bfloat16");

	/**
	 * Parses a file.
	 * @param file its bytes
	 * @return the tensors and metadata
	 * @throws IllegalArgumentException if the file breaks the format's rules
	 */
	@SuppressWarnings("unchecked")
	public static Safetensors parse(byte[] file) {
		if (file.length < 8) {
			throw new IllegalArgumentException("not a safetensors file: shorter than 8 bytes");
		}
		long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		if (n < 0 || n > file.length - 8) {
			throw new IllegalArgumentException("safetensors header length " + n + " exceeds the file");
		}
		int start = 8 + (int) n;
		Map<String, Object> header = (Map<String, Object>) Json
			.read(new String(file, 8, (int) n, StandardCharsets.UTF_8));
		Map<String, String> metadata = new LinkedHashMap<>();
		Object meta = header.remove("__metadata__");
		if (meta instanceof Map<?, ?> map) {
			map.forEach((key, value) -> metadata.put((String) key, (String) value));
		}
		List<long[]> ranges = new ArrayList<>();
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : header.entrySet()) {
			Map<String, Object> fields = (Map<String, Object>) entry.getValue();
			String dtype = DTYPES.get((String) fields.get("dtype"));
			if (dtype == null) {
				throw new IllegalArgumentException("unsupported safetensors dtype " + fields.get("dtype"));
			}
			List<Object> offsets = (List<Object>) fields.get("data_offsets");
			long begin = ((Number) offsets.get(0)).longValue();
			long end = ((Number) offsets.get(1)).longValue();
			List<Object> dims = (List<Object>) fields.get("shape");
			long[] shape = new long[dims.size()];
			for (int d = 0; d < shape.length; d++) {
				shape[d] = ((Number) dims.get(d)).longValue();
			}
			if (begin < 0 || end < begin || start + end > file.length) {
				throw new IllegalArgumentException("safetensors offsets of " + entry.getKey() + " exceed the file");
			}
			ranges.add(new long[] { begin, end });
			tensors.put(entry.getKey(), Tensor.of(shape, dtype, file, start + (int) begin, (int) (end - begin)));
		}
		ranges.sort((a, b) -> Long.compare(a[0], b[0]));
		long expected = 0;
		for (long[] range : ranges) {
			if (range[0] != expected) {
				throw new IllegalArgumentException("safetensors offsets are not contiguous at " + range[0]);
			}
			expected = range[1];
		}
		if (start + expected != file.length) {
			throw new IllegalArgumentException("safetensors data does not reach the end of the file");
		}
		return new Safetensors(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
	}

}
