package io.glorot.tensor;

/**
 * A way of turning a tensor's request into values. The canonical generator is {@code philox4x32-10/v1}; others
 * reproduce other libraries.
 */
public interface TensorGenerator {

	/**
	 * Returns the name and version the answer reports, such as {@code philox4x32-10/v1}.
	 * @return the versioned name
	 */
	String version();

	/**
	 * Prepares the values of one tensor.
	 * @param spec what to generate
	 * @return the values, addressed by flat index
	 */
	ValueSource open(TensorSpec spec);

}
