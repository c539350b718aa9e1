package io.glorot.init;

/**
 * The distributions the weights are drawn from (canonical-generator.md §3).
 */
public enum Distribution implements WireEnum {

	/** Uniform on (-bound, bound). */
	UNIFORM("uniform"),

	/** Normal with mean 0 and standard deviation std. */
	NORMAL("normal"),

	/** Normal truncated at two standard deviations, rescaled so the values have standard deviation std. */
	TRUNCATED_NORMAL("truncated_normal");

	private final String id;

	Distribution(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

}
