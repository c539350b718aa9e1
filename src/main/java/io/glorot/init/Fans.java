package io.glorot.init;

/**
 * The fan-in and fan-out of a weight tensor (canonical-generator.md §4).
 *
 * @param fanIn the number of inputs that feed one output unit
 * @param fanOut the number of outputs that one input unit feeds
 */
public record Fans(long fanIn, long fanOut) {

	public Fans {
		if (fanIn <= 0 || fanOut <= 0) {
			throw new IllegalArgumentException("fans must be positive, got " + fanIn + " and " + fanOut);
		}
	}

}
