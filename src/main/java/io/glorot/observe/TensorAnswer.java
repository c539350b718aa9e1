package io.glorot.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.glorot.format.BatchFormat;
import io.glorot.format.TensorFormat;

/**
 * One API answer as operators see it: the request, its outcome, and the tensor it carried (read from the answer's
 * {@code Tensor-*} headers and content type). Never the values or a body.
 * @param method the HTTP method
 * @param path the request path, without the query
 * @param status the HTTP status
 * @param durationMillis from the request's arrival until its body was fully written
 * @param bytes body bytes written
 * @param seed the {@code Tensor-Seed} header, or null
 * @param shape the {@code Tensor-Shape} header, or null
 * @param dtype the {@code Tensor-Dtype} header, or null
 * @param format the format of the content type ({@code npy}, {@code json}, ...), or null
 * @param generator the {@code Tensor-Generator} header, or null
 * @param count the {@code Tensor-Count} header of a batch, or null
 * @param lane the admission lane ({@code small}, {@code large}), or null if the request was not admitted
 */
public record TensorAnswer(String method, String path, int status, long durationMillis, long bytes, String seed,
		String shape, String dtype, String format, String generator, String count, String lane) {

	/** The request attribute where admission puts the lane it chose, {@code small} or {@code large}. */
	public static final String LANE_ATTRIBUTE = "io.glorot.observe.lane";

	/**
	 * The answer a request got, read from its response once the body is written.
	 * @param request the request
	 * @param response its response, with its status and headers
	 * @param startNanos {@link System#nanoTime()} when the request arrived
	 * @param bytes body bytes written
	 * @return the answer
	 */
	static TensorAnswer of(HttpServletRequest request, HttpServletResponse response, long startNanos, long bytes) {
		return new TensorAnswer(request.getMethod(), request.getRequestURI(), response.getStatus(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), bytes,
				response.getHeader("Tensor-Seed"), response.getHeader("Tensor-Shape"),
				response.getHeader("Tensor-Dtype"), formatOf(response.getContentType()),
				response.getHeader("Tensor-Generator"), response.getHeader("Tensor-Count"),
				(request.getAttribute(LANE_ATTRIBUTE) instanceof String lane) ? lane : null);
	}

	/**
	 * The format a content type stands for.
	 * @param contentType the answer's content type, with or without parameters
	 * @return the format's id, or null when it is no tensor format (a problem answer)
	 */
	static String formatOf(String contentType) {
		if (contentType == null) {
			return null;
		}
		String type = contentType.split(";", 2)[0].strip();
		Optional<String> single = TensorFormat.forMediaType(type).map(TensorFormat::id);
		if (single.isPresent()) {
			return single.get();
		}
		for (BatchFormat batch : BatchFormat.values()) {
			if (batch.mediaTypes().stream().anyMatch(type::equalsIgnoreCase)) {
				return batch.id();
			}
		}
		return null;
	}

	/**
	 * The answer's attributes, named after OpenTelemetry's HTTP conventions where one exists; absent ones are left
	 * out. The log line and the trace span carry the same names.
	 * @return the attributes in a stable order
	 */
	public Map<String, Object> attributes() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("http.request.method", this.method);
		attributes.put("url.path", this.path);
		attributes.put("http.response.status_code", this.status);
		attributes.put("duration_ms", this.durationMillis);
		attributes.put("http.response.body.size", this.bytes);
		putIfPresent(attributes, "tensor.seed", this.seed);
		putIfPresent(attributes, "tensor.shape", this.shape);
		putIfPresent(attributes, "tensor.dtype", this.dtype);
		putIfPresent(attributes, "tensor.format", this.format);
		putIfPresent(attributes, "tensor.generator", this.generator);
		putIfPresent(attributes, "tensor.count", this.count);
		putIfPresent(attributes, "glorot.lane", this.lane);
		return attributes;
	}

	private static void putIfPresent(Map<String, Object> attributes, String key, String value) {
		if (value != null) {
			attributes.put(key, value);
		}
	}

	/**
	 * The human-readable line, e.g. {@code GET /v1/weights 200 in 3 ms, 4224 bytes: seed=42 shape=32,32
	 * dtype=float32 format=npy generator=philox4x32-10/v1 lane=small}.
	 * @return the line
	 */
	public String describe() {
		StringBuilder line = new StringBuilder().append(this.method)
			.append(' ')
			.append(this.path)
			.append(' ')
			.append(this.status)
			.append(" in ")
			.append(this.durationMillis)
			.append(" ms, ")
			.append(this.bytes)
			.append(" bytes");
		String separator = ": ";
		for (Map.Entry<String, Object> entry : attributes().entrySet()) {
			if (entry.getKey().startsWith("tensor.") || entry.getKey().startsWith("glorot.")) {
				line.append(separator).append(entry.getKey().substring(entry.getKey().indexOf('.') + 1)).append('=')
					.append(entry.getValue());
				separator = " ";
			}
		}
		return line.toString();
	}

}
