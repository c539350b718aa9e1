package io.glorot.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One named tensor of a batch: a name, a shape, and any {@link TensorFields} that override the batch's defaults.
 *
 * <pre>{@code BatchTensor.of("fc1.weight", 128, 784).dtype(DType.FLOAT16)}</pre>
 */
public final class BatchTensor extends TensorFields<BatchTensor> {

	private final String name;

	private final long[] shape;

	private BatchTensor(String name, long[] shape) {
		this.name = java.util.Objects.requireNonNull(name, "name");
		this.shape = shape.clone();
	}

	/**
	 * A tensor of a batch.
	 * @param name unique in the batch; selects the tensor's random stream
	 * @param shape 1 to 8 positive dimensions
	 * @return the tensor
	 */
	public static BatchTensor of(String name, long... shape) {
		return new BatchTensor(name, shape);
	}

	/**
	 * Returns the name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", this.name);
		json.put("shape", list(this.shape));
		json.putAll(fields());
		return json;
	}

}
