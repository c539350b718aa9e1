package io.glorot.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many named tensors in one request, {@code POST /v1/weights/batch}: the tensors in order, a seed, defaults, and
 * the format, which the client reads as safetensors.
 *
 * <pre>{@code BatchRequest.of(List.of(BatchTensor.of("fc1.weight", 128, 784), BatchTensor.of("fc2.weight", 10, 128)))
 *     .seed(42).defaults(BatchDefaults.create().nonlinearity(Nonlinearity.RELU))}</pre>
 */
public final class BatchRequest {

	private final List<BatchTensor> tensors;

	private String seed;

	private BatchDefaults defaults = BatchDefaults.create();

	private BatchRequest(List<BatchTensor> tensors) {
		if (tensors.isEmpty()) {
			throw new IllegalArgumentException("a batch needs at least one tensor");
		}
		this.tensors = List.copyOf(tensors);
	}

	/**
	 * A batch of tensors, answered in this order.
	 * @param tensors 1 to {@code glorot.limits.max-batch-tensors} tensors with unique names
	 * @return the request
	 */
	public static BatchRequest of(List<BatchTensor> tensors) {
		return new BatchRequest(tensors);
	}

	/**
	 * A batch of tensors, answered in this order.
	 * @param tensors 1 or more tensors with unique names
	 * @return the request
	 */
	public static BatchRequest of(BatchTensor... tensors) {
		return new BatchRequest(List.of(tensors));
	}

	/**
	 * Sets the seed of every tensor (without one, the server draws one and reports it).
	 * @param seed an unsigned 64-bit integer held in a long
	 * @return this
	 */
	public BatchRequest seed(long seed) {
		this.seed = Long.toUnsignedString(seed);
		return this;
	}

	/**
	 * Sets the seed from its decimal digits.
	 * @param seed 0 to 18446744073709551615
	 * @return this
	 */
	public BatchRequest seed(String seed) {
		this.seed = seed;
		return this;
	}

	/**
	 * Sets the fields every tensor takes unless it gives its own.
	 * @param defaults the defaults
	 * @return this
	 */
	public BatchRequest defaults(BatchDefaults defaults) {
		this.defaults = java.util.Objects.requireNonNull(defaults, "defaults");
		return this;
	}

	/**
	 * Returns the tensors, in order.
	 * @return the tensors
	 */
	public List<BatchTensor> tensors() {
		return this.tensors;
	}

	/** The JSON body: {@code seed}, {@code defaults}, {@code tensors}, {@code format}. */
	String json() {
		Map<String, Object> body = new LinkedHashMap<>();
		if (this.seed != null) {
			body.put("seed", this.seed);
		}
		if (!this.defaults.isEmpty()) {
			body.put("defaults", this.defaults.json());
		}
		List<Map<String, Object>> list = new ArrayList<>();
		this.tensors.forEach((tensor) -> list.add(tensor.json()));
		body.put("tensors", list);
		body.put("format", "safetensors");
		return Json.write(body);
	}

}
