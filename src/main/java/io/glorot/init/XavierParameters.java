package io.glorot.init;

import io.glorot.random.Variates;

/**
 * The scale of a Xavier-initialized tensor: its fans, gain, standard deviation and uniform bound, computed in the
 * order canonical-generator.md §4 fixes, so every implementation gets the same doubles.
 *
 * @param fans the fans used
 * @param mode which fan scales the variance
 * @param gain the gain
 * @param std {@code gain * sqrt(1.0 / denom)}
 * @param bound {@code sqrt(3.0) * std}
 */
public record XavierParameters(Fans fans, Mode mode, double gain, double std, double bound) {

	/**
	 * Computes the parameters.
	 * @param fans the fans
	 * @param mode the fan mode
	 * @param gain the gain, finite and positive
	 * @return the parameters
	 */
	public static XavierParameters of(Fans fans, Mode mode, double gain) {
		if (!(gain > 0) || !Double.isFinite(gain)) {
			throw new IllegalArgumentException("'gain' must be finite and positive, got " + gain);
		}
		double std = gain * Math.sqrt(1.0 / mode.denominator(fans));
		return new XavierParameters(fans, mode, gain, std, Math.sqrt(3.0) * std);
	}

	/**
	 * Returns the truncation point of the truncated normal: two standard deviations of the underlying normal,
	 * {@code 2 * (std / 0.87962566103423978)} (docs/generator.md §3).
	 * @return the bound of truncated-normal values
	 */
	public double truncationBound() {
		return 2.0 * (this.std / Variates.TRUNCATED_STD);
	}

}
