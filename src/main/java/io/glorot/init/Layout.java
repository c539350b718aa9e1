package io.glorot.init;

/**
 * Where a weight shape keeps its input and output dimensions (canonical-generator.md §4).
 */
public enum Layout implements WireEnum {

	/** PyTorch: (out, in, *kernel); needs two or more dimensions. */
	TORCH("torch"),

	/** Keras: (*kernel, in, out). */
	KERAS("keras"),

	/** JAX/Flax: (*kernel, in, out), as Keras. */
	JAX("jax");

	private final String id;

	Layout(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Returns the smallest rank this layout can compute fans for.
	 * @return 2 for torch, 1 otherwise
	 */
	public int minimumRank() {
		return (this == TORCH) ? 2 : 1;
	}

	/**
	 * Computes the fans of a shape.
	 * @param shape the dimensions, each positive
	 * @return the fans
	 * @throws IllegalArgumentException if the shape has fewer dimensions than {@link #minimumRank()} or a fan
	 * overflows a long
	 */
	public Fans fans(long[] shape) {
		int rank = shape.length;
		if (rank < minimumRank()) {
			throw new IllegalArgumentException(
					"'shape' needs at least " + minimumRank() + " dimensions for the " + this.id + " layout");
		}
		if (this != TORCH && rank == 1) {
			return new Fans(shape[0], shape[0]);
		}
		long receptiveField = 1;
		int kernelFrom = (this == TORCH) ? 2 : 0;
		int kernelTo = (this == TORCH) ? rank : rank - 2;
		for (int d = kernelFrom; d < kernelTo; d++) {
			receptiveField = Math.multiplyExact(receptiveField, shape[d]);
		}
		long in = (this == TORCH) ? shape[1] : shape[rank - 2];
		long out = (this == TORCH) ? shape[0] : shape[rank - 1];
		return new Fans(Math.multiplyExact(in, receptiveField), Math.multiplyExact(out, receptiveField));
	}

}
