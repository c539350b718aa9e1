package io.glorot.random;

/**
 * The two Philox key words taken from a request's 64-bit seed (canonical-generator.md §2):
 * {@code k0 = seed & 0xFFFFFFFF}, {@code k1 = seed >>> 32}.
 *
 * @param k0 the low key word
 * @param k1 the high key word
 */
public record PhiloxKey(int k0, int k1) {

	/**
	 * Splits an unsigned 64-bit seed, held in a {@code long}, into its key words.
	 * @param seed the seed, read as unsigned
	 * @return the key
	 */
	public static PhiloxKey fromSeed(long seed) {
		return new PhiloxKey((int) seed, (int) (seed >>> 32));
	}

}
