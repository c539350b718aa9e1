package io.glorot.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The fields a tensor request shares with a batch's tensors and defaults, with typed setters named as the API
 * spells them (docs/api.md): {@code distribution}, {@code gain}, {@code nonlinearity}, {@code negativeSlope},
 * {@code mode}, {@code layout}, {@code fanIn}, {@code fanOut}, {@code dtype}, {@code slice}, {@code generator},
 * {@code torchCpu}. A field left unset is left out of the request, so the server's default applies.
 *
 * @param <T> the concrete request type, returned by every setter for chaining
 */
public abstract class TensorFields<T extends TensorFields<T>> {

	private final Map<String, Object> fields = new LinkedHashMap<>();

	TensorFields() {
	}

	@SuppressWarnings("unchecked")
	final T put(String field, Object value) {
		this.fields.put(field, Objects.requireNonNull(value, field));
		return (T) this;
	}

	/** The fields set, in the order they were set, with the API's names and values. */
	final Map<String, Object> fields() {
		return this.fields;
	}

	/**
	 * Sets the distribution.
	 * @param distribution uniform (the default), normal or truncated normal
	 * @return this
	 */
	public T distribution(Distribution distribution) {
		return put("distribution", distribution.wire());
	}

	/**
	 * Sets the gain (not together with a nonlinearity).
	 * @param gain finite and positive
	 * @return this
	 */
	public T gain(double gain) {
		return put("gain", gain);
	}

	/**
	 * Sets the gain by PyTorch's {@code calculate_gain} name.
	 * @param nonlinearity e.g. {@link Nonlinearity#RELU}
	 * @return this
	 */
	public T nonlinearity(Nonlinearity nonlinearity) {
		return put("nonlinearity", nonlinearity.wire());
	}

	/**
	 * Sets the negative slope of {@code leaky_relu}.
	 * @param negativeSlope finite
	 * @return this
	 */
	public T negativeSlope(double negativeSlope) {
		return put("negativeSlope", negativeSlope);
	}

	/**
	 * Sets the fan mode.
	 * @param mode fan_avg (Xavier, the default), fan_in or fan_out
	 * @return this
	 */
	public T mode(Mode mode) {
		return put("mode", mode.wire());
	}

	/**
	 * Sets the layout the fans are read from.
	 * @param layout torch (the default), keras or jax
	 * @return this
	 */
	public T layout(Layout layout) {
		return put("layout", layout.wire());
	}

	/**
	 * Overrides the fan-in computed from the shape.
	 * @param fanIn 1 to 2^53
	 * @return this
	 */
	public T fanIn(long fanIn) {
		return put("fanIn", fanIn);
	}

	/**
	 * Overrides the fan-out computed from the shape.
	 * @param fanOut 1 to 2^53
	 * @return this
	 */
	public T fanOut(long fanOut) {
		return put("fanOut", fanOut);
	}

	/**
	 * Sets the element type.
	 * @param dtype float32 (the default), float64, float16 or bfloat16
	 * @return this
	 */
	public T dtype(DType dtype) {
		return put("dtype", dtype.wire());
	}

	/**
	 * Asks for a region of the tensor only.
	 * @param slice one {@code start:stop} per dimension, e.g. {@code 0:128,:}
	 * @return this
	 */
	public T slice(String slice) {
		return put("slice", slice);
	}

	/**
	 * Sets the generator.
	 * @param generator philox (canonical, the default), torch, numpy or numpy_legacy
	 * @return this
	 */
	public T generator(Generator generator) {
		return put("generator", generator.wire());
	}

	/**
	 * Chooses PyTorch's CPU kernels (with {@code generator=torch} only).
	 * @param torchCpu avx2 (the default) or default
	 * @return this
	 */
	public T torchCpu(TorchCpu torchCpu) {
		return put("torchCpu", torchCpu.wire());
	}

	static String dims(long[] shape) {
		StringBuilder out = new StringBuilder();
		for (long d : shape) {
			out.append(out.isEmpty() ? "" : ",").append(d);
		}
		return out.toString();
	}

	static java.util.List<Long> list(long[] shape) {
		return java.util.Arrays.stream(shape).boxed().toList();
	}

}
