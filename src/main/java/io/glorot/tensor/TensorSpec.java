package io.glorot.tensor;

import io.glorot.init.Distribution;
import io.glorot.init.Layout;
import io.glorot.init.XavierParameters;
import io.glorot.random.StreamId;

/**
 * Everything that determines a tensor's bytes: a validated, normalized request.
 *
 * @param region the part of the full tensor that is served (its whole, unless sliced)
 * @param dtype the element type
 * @param distribution the distribution
 * @param layout the layout the fans were computed for
 * @param parameters fans, gain, standard deviation and bound
 * @param seed the seed, an unsigned 64-bit integer held in a long
 * @param name the tensor's name, or null
 * @param generator how values are made
 */
public record TensorSpec(Region region, DType dtype, Distribution distribution, Layout layout,
		XavierParameters parameters, long seed, String name, TensorGenerator generator) {

	/**
	 * Returns the full tensor's shape.
	 * @return the shape the fans and flat indices refer to
	 */
	public Shape fullShape() {
		return this.region.fullShape();
	}

	/**
	 * Returns the stream the name selects (canonical-generator.md §2).
	 * @return 0 for an unnamed tensor, else the first 8 bytes of SHA-256 of the name, little-endian
	 */
	public long stream() {
		return StreamId.of(this.name);
	}

	/**
	 * Returns the seed as an unsigned decimal.
	 * @return the seed's decimal digits
	 */
	public String seedText() {
		return Long.toUnsignedString(this.seed);
	}

	/**
	 * Returns the number of bytes of the region's values.
	 * @return element count times element size
	 */
	public long valueBytes() {
		return Math.multiplyExact(this.region.elementCount(), (long) this.dtype.size());
	}

}
