package io.glorot.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client for glorot over {@code java.net.http}, with no dependencies: {@link #weights} fetches one tensor,
 * {@link #batch} many named tensors in one request as safetensors, parsed by the client.
 */
public final class GlorotClient {

	/** The URL used when neither an argument nor {@code GLOROT_URL} gives one. */
	public static final String DEFAULT_URL = "http://localhost:8080";

	private final String url;

	private final HttpClient http;

	private GlorotClient(String url, HttpClient http) {
		this.url = url.replaceAll("/+$", "");
		this.http = http;
	}

	/**
	 * A client of the server at {@code GLOROT_URL}, else {@value #DEFAULT_URL}.
	 * @return the client
	 */
	public static GlorotClient create() {
		String env = System.getenv("GLOROT_URL");
		return create((env != null && !env.isBlank()) ? env : DEFAULT_URL);
	}

	/**
	 * A client of the server at a URL.
	 * @param url e.g. {@code http://localhost:8080}
	 * @return the client
	 */
	public static GlorotClient create(String url) {
		return new GlorotClient(url, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
	}

	/**
	 * Fetches one tensor: {@code GET /v1/weights}.
	 * @param shape the dimensions
	 * @param parameters any other parameters ({@code seed}, {@code name}, {@code nonlinearity}, {@code dtype}, ...)
	 * @return the tensor
	 * @throws GlorotException if the server refuses the request
	 */
	public Tensor weights(long[] shape, Map<String, ?> parameters) {
		StringJoiner query = new StringJoiner("&");
		StringJoiner dims = new StringJoiner(",");
		for (long d : shape) {
			dims.add(Long.toString(d));
		}
		query.add("shape=" + dims).add("format=raw");
		parameters.forEach((key, value) -> query
			.add(encode(key) + "=" + encode(String.valueOf(value))));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + "/v1/weights?" + query)).GET().build();
		HttpResponse<byte[]> response = send(request);
		String[] parts = response.headers().firstValue("Tensor-Shape").orElseThrow().split(",");
		long[] answerShape = new long[parts.length];
		for (int d = 0; d < parts.length; d++) {
			answerShape[d] = Long.parseLong(parts[d]);
		}
		String dtype = response.headers().firstValue("Tensor-Dtype").orElseThrow();
		return Tensor.of(answerShape, dtype, response.body(), 0, response.body().length);
	}

	/**
	 * Fetches one tensor with default parameters but the ones given.
	 * @param seed the seed, an unsigned 64-bit integer held in a long
	 * @param name the tensor's name
	 * @param shape the dimensions
	 * @return the tensor
	 */
	public Tensor weights(long seed, String name, long... shape) {
		return weights(shape, Map.of("seed", Long.toUnsignedString(seed), "name", name));
	}

	/**
	 * Fetches many named tensors in one request: {@code POST /v1/weights/batch} as safetensors.
	 * @param seed the seed of every tensor, an unsigned 64-bit integer held in a long, or null to let the server
	 * draw one
	 * @param defaults fields every tensor takes unless it gives its own (may be empty)
	 * @param tensors name to shape ({@code long[]} or {@code int[]}) or to a map of fields with a {@code shape}, in
	 * order (use a {@link LinkedHashMap})
	 * @return the tensors by name, in request order
	 * @throws GlorotException if the server refuses the request
	 */
	public Map<String, Tensor> batch(Long seed, Map<String, ?> defaults, Map<String, ?> tensors) {
		return batchFile(seed, defaults, tensors).tensors();
	}

	/**
	 * Fetches a batch as {@link #batch} does, keeping the file's metadata (generator, seed, and each tensor's
	 * parameters as JSON under {@code tensors}).
	 * @param seed the seed, or null
	 * @param defaults fields every tensor takes unless it gives its own
	 * @param tensors name to shape or to a map of fields
	 * @return the parsed file
	 */
	public Safetensors batchFile(Long seed, Map<String, ?> defaults, Map<String, ?> tensors) {
		List<Map<String, Object>> list = new ArrayList<>();
		tensors.forEach((name, spec) -> {
			Map<String, Object> tensor = new LinkedHashMap<>();
			tensor.put("name", name);
			if (spec instanceof Map<?, ?> fields) {
				fields.forEach((key, value) -> tensor.put(String.valueOf(key), value));
			}
			else {
				tensor.put("shape", spec);
			}
			list.add(tensor);
		});
		Map<String, Object> body = new LinkedHashMap<>();
		if (seed != null) {
			body.put("seed", Long.toUnsignedString(seed));
		}
		if (!defaults.isEmpty()) {
			body.put("defaults", defaults);
		}
		body.put("tensors", list);
		body.put("format", "safetensors");
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + "/v1/weights/batch"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
			.build();
		return Safetensors.parse(send(request).body());
	}

	@SuppressWarnings("unchecked")
	private HttpResponse<byte[]> send(HttpRequest request) {
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		if (response.statusCode() != 200) {
			String text = new String(response.body(), StandardCharsets.UTF_8);
			Map<String, Object> problem;
			try {
				problem = (Map<String, Object>) Json.read(text);
			}
			catch (RuntimeException ex) {
				problem = Map.of("detail", text);
			}
			throw new GlorotException(response.statusCode(), problem);
		}
		return response;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
