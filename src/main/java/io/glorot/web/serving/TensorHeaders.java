package io.glorot.web.serving;

/**
 * The response headers that describe a tensor answer, shared by the single, batch and histogram endpoints and
 * exposed to browsers by the CORS configuration.
 */
public final class TensorHeaders {

	/** Header with the answer's shape, e.g. {@code 256,512}. */
	public static final String TENSOR_SHAPE = "Tensor-Shape";

	/** Header with the element type. */
	public static final String TENSOR_DTYPE = "Tensor-Dtype";

	/** Header with the seed, given or drawn. */
	public static final String TENSOR_SEED = "Tensor-Seed";

	/** Header with the generator's versioned name. */
	public static final String TENSOR_GENERATOR = "Tensor-Generator";

	/**
	 * Header that says whether the values are bit-identical to the generator's library ({@code true}) or only the
	 * closest this service computes ({@code false}; docs/compat.md).
	 */
	public static final String TENSOR_EXACT = "Tensor-Exact";

	/** Header with the number of tensors in a batch answer. */
	public static final String TENSOR_COUNT = "Tensor-Count";

	private TensorHeaders() {
	}

}
