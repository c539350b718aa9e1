package io.glorot.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A request for one tensor, {@code GET /v1/weights}: a shape, and the {@link TensorFields} plus {@code seed},
 * {@code name} and {@code format}.
 *
 * <pre>{@code WeightsRequest.of(256, 512).seed(42).name("fc.weight").nonlinearity(Nonlinearity.RELU)}</pre>
 */
public final class WeightsRequest extends TensorFields<WeightsRequest> {

	private final long[] shape;

	private Format format = Format.RAW;

	private WeightsRequest(long[] shape) {
		if (shape.length == 0) {
			throw new IllegalArgumentException("a shape needs at least one dimension");
		}
		this.shape = shape.clone();
	}

	/**
	 * A request for a tensor of a shape.
	 * @param shape 1 to 8 positive dimensions
	 * @return the request
	 */
	public static WeightsRequest of(long... shape) {
		return new WeightsRequest(shape);
	}

	/**
	 * Sets the seed.
	 * @param seed an unsigned 64-bit integer held in a long ({@code -1L} is 2^64 - 1)
	 * @return this
	 */
	public WeightsRequest seed(long seed) {
		return put("seed", Long.toUnsignedString(seed));
	}

	/**
	 * Sets the seed from its decimal digits.
	 * @param seed 0 to 18446744073709551615
	 * @return this
	 */
	public WeightsRequest seed(String seed) {
		return put("seed", seed);
	}

	/**
	 * Names the tensor, which selects its random stream.
	 * @param name 1 to 256 characters
	 * @return this
	 */
	public WeightsRequest name(String name) {
		return put("name", name);
	}

	/**
	 * Sets the wire format the client reads (raw by default; safetensors gives the same tensor).
	 * @param format raw or safetensors
	 * @return this
	 */
	public WeightsRequest format(Format format) {
		this.format = format;
		return this;
	}

	long[] shape() {
		return this.shape.clone();
	}

	Format format() {
		return this.format;
	}

	/** The query string, {@code shape} first, then {@code format}, then the fields in the order they were set. */
	String query(Map<String, String> extra) {
		StringJoiner query = new StringJoiner("&");
		query.add("shape=" + encode(dims(this.shape))).add("format=" + this.format.wire());
		fields().forEach((key, value) -> {
			if (!extra.containsKey(key)) {
				query.add(key + "=" + encode(String.valueOf(value)));
			}
		});
		extra.forEach((key, value) -> query.add(key + "=" + encode(value)));
		return query.toString();
	}

	boolean hasSeed() {
		return fields().containsKey("seed");
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
