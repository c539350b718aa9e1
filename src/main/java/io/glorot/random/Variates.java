package io.glorot.random;

/**
 * Turns Philox words into real numbers, as canonical-generator.md §3 defines it and docs/generator.md §3 defines
 * the truncated normal. All arithmetic is IEEE-754 double; {@code log}, {@code sin} and {@code cos} are
 * {@link StrictMath}'s fdlibm algorithms, so the results are the same on every JVM and platform.
 */
public final class Variates {

	/** 2^-32, the weight of one unit of a 32-bit word. */
	static final double TWO_POW_M32 = 0x1.0p-32;

	/** 2π as the spec writes it (§3). */
	static final double TWO_PI = 6.283185307179586;

	/**
	 * Standard deviation of a standard normal truncated to [-2, 2] (Keras, TensorFlow and JAX use the same literal;
	 * spec §3).
	 */
	public static final double TRUNCATED_STD = 0.87962566103423978;

	/** Φ(2) - 1/2: half the probability mass of a standard normal within two standard deviations. */
	public static final double HALF_MASS_WITHIN_TWO = 0.4772498680518208;

	private Variates() {
	}

	/**
	 * The exact odd multiple of 2^-32 that a word maps to: {@code (2w + 1 - 2^32) * 2^-32}, in (-1, 1) (spec §3).
	 * @param w a word, read as unsigned
	 * @return a value symmetric about zero, never 0 or ±1
	 */
	public static double signedUnit(int w) {
		return (2.0 * (w & 0xFFFFFFFFL) + 1.0 - 0x1.0p32) * TWO_POW_M32;
	}

	/**
	 * Uniform on the open interval (-bound, bound) (spec §3).
	 * @param w the element's lane word
	 * @param bound the Xavier bound
	 * @return the value, rounded once
	 */
	public static double uniform(int w, double bound) {
		return signedUnit(w) * bound;
	}

	/**
	 * The Box-Muller radius {@code sqrt(-2 log x)} for {@code x = (wa + 0.5) * 2^-32} (spec §3).
	 * @param wa the first word of the lane pair
	 * @return the radius
	 */
	public static double boxMullerRadius(int wa) {
		double x = ((wa & 0xFFFFFFFFL) + 0.5) * TWO_POW_M32;
		return Math.sqrt(-2.0 * StrictMath.log(x));
	}

	/**
	 * The Box-Muller angle {@code 2π * wb * 2^-32} (spec §3).
	 * @param wb the second word of the lane pair
	 * @return the angle in [0, 2π)
	 */
	public static double boxMullerAngle(int wb) {
		return TWO_PI * ((wb & 0xFFFFFFFFL) * TWO_POW_M32);
	}

	/**
	 * The first normal value of a lane pair, {@code std * (r * cos(theta))} (spec §3).
	 * @param wa the pair's first word
	 * @param wb the pair's second word
	 * @param std the standard deviation
	 * @return the value for element {@code 4b + 2k}
	 */
	public static double normalCos(int wa, int wb, double std) {
		return std * (boxMullerRadius(wa) * StrictMath.cos(boxMullerAngle(wb)));
	}

	/**
	 * The second normal value of a lane pair, {@code std * (r * sin(theta))} (spec §3).
	 * @param wa the pair's first word
	 * @param wb the pair's second word
	 * @param std the standard deviation
	 * @return the value for element {@code 4b + 2k + 1}
	 */
	public static double normalSin(int wa, int wb, double std) {
		return std * (boxMullerRadius(wa) * StrictMath.sin(boxMullerAngle(wb)));
	}

	/**
	 * Truncated normal by inversion, from the element's own lane word (docs/generator.md §3): the word's signed
	 * unit {@code t} picks the probability {@code q = t * (Φ(2) - 1/2)} about the median, and the value is
	 * {@code (std / 0.87962566103423978) * Φ⁻¹(1/2 + q)}, which lies strictly within two standard deviations of
	 * the underlying normal. Φ⁻¹ is Wichura's algorithm AS241 (PPND16).
	 * @param w the element's lane word
	 * @param std the standard deviation the truncated values should have
	 * @return the value
	 */
	public static double truncatedNormal(int w, double std) {
		double q = signedUnit(w) * HALF_MASS_WITHIN_TWO;
		return (std / TRUNCATED_STD) * InverseNormal.fromCentered(q);
	}

}
