package io.glorot.tensor;

import io.glorot.init.Fans;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;

/**
 * A way of turning a tensor's request into values. The canonical generator is {@code philox4x32-10/v1}; others
 * reproduce other libraries (docs/compat.md). Everything a caller needs to know about a generator goes through
 * this interface, so callers never special-case one.
 */
public interface TensorGenerator {

	/**
	 * Returns the name and version the answer reports, such as {@code philox4x32-10/v1}.
	 * @return the versioned name
	 */
	String version();

	/**
	 * Computes the scale parameters of a tensor the way this generator's library does.
	 * @param fans the fans
	 * @param mode the fan mode
	 * @param gain the gain
	 * @return the parameters (by default the canonical arithmetic, canonical-generator.md §4)
	 */
	default XavierParameters parameters(Fans fans, Mode mode, double gain) {
		return XavierParameters.of(fans, mode, gain);
	}

	/**
	 * Returns the largest seed this generator takes, as an unsigned 64-bit integer; a request without a seed gets
	 * one drawn at most this large.
	 * @return {@code -1} (2^64 - 1) unless the generator's library takes fewer seeds
	 */
	default long maxSeed() {
		return -1L;
	}

	/**
	 * Checks that this generator can make the tensor. The default accepts everything.
	 * @param spec the tensor
	 * @throws UnsupportedTensorException naming the field that the generator cannot reproduce and what it
	 * supports
	 */
	default void check(TensorSpec spec) {
	}

	/**
	 * Tells whether the values are bit-identical to the library's own, or only the closest this implementation
	 * can compute (docs/compat.md lists the cases and their measured error).
	 * @param spec a tensor that passed {@link #check(TensorSpec)}
	 * @return true when every value is exact
	 */
	default boolean exact(TensorSpec spec) {
		return true;
	}

	/**
	 * Returns how many elements must be computed or skipped to serve the tensor's region: the region's size for
	 * generators that compute each element on its own, more for sequential streams that must run from their
	 * start. Element limits apply to this count.
	 * @param spec the tensor
	 * @return the work, in elements
	 */
	default long cost(TensorSpec spec) {
		return spec.region().elementCount();
	}

	/**
	 * Prepares the values of one tensor.
	 * @param spec what to generate, which passed {@link #check(TensorSpec)}
	 * @return the values, addressed by flat index
	 */
	ValueSource open(TensorSpec spec);

}
