package io.glorot.client;

/**
 * The fields every tensor of a batch takes unless it gives its own. A tensor's own gain or nonlinearity replaces
 * the defaults' gain, nonlinearity and negative slope together (docs/batch.md).
 *
 * <pre>{@code BatchDefaults.create().nonlinearity(Nonlinearity.RELU).distribution(Distribution.NORMAL)}</pre>
 */
public final class BatchDefaults extends TensorFields<BatchDefaults> {

	private BatchDefaults() {
	}

	/**
	 * Defaults with no field set.
	 * @return the defaults
	 */
	public static BatchDefaults create() {
		return new BatchDefaults();
	}

	boolean isEmpty() {
		return fields().isEmpty();
	}

	java.util.Map<String, Object> json() {
		return fields();
	}

}
