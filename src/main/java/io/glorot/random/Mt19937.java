package io.glorot.random;

/**
 * The Mersenne Twister MT19937 of Matsumoto and Nishimura's reference {@code mt19937ar.c}, as PyTorch's CPU
 * generator and NumPy's legacy {@code RandomState} run it (docs/compat.md; pytorch.md §1, numpy.md §4). A mutable,
 * sequential stream of 32-bit words; instances are not thread-safe.
 */
public final class Mt19937 {

	private static final int N = 624;

	private static final int M = 397;

	private final int[] mt = new int[N];

	private int pos;

	private long drawn;

	/**
	 * Seeds the generator with {@code init_genrand(seed)}.
	 * @param seed the 32-bit seed
	 */
	public Mt19937(int seed) {
		this.mt[0] = seed;
		for (int i = 1; i < N; i++) {
			int prev = this.mt[i - 1];
			this.mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
		}
		this.pos = N;
	}

	/**
	 * Seeds the generator with the reference {@code init_by_array(key)} (NumPy's legacy seeding from an array).
	 * @param key the 32-bit key words, at least one
	 * @return the seeded generator
	 */
	public static Mt19937 byArray(int[] key) {
		Mt19937 mt = new Mt19937(19650218);
		int[] s = mt.mt;
		int i = 1;
		int j = 0;
		for (int k = Math.max(N, key.length); k > 0; k--) {
			s[i] = (s[i] ^ ((s[i - 1] ^ (s[i - 1] >>> 30)) * 1664525)) + key[j] + j;
			i++;
			j++;
			if (i >= N) {
				s[0] = s[N - 1];
				i = 1;
			}
			if (j >= key.length) {
				j = 0;
			}
		}
		for (int k = N - 1; k > 0; k--) {
			s[i] = (s[i] ^ ((s[i - 1] ^ (s[i - 1] >>> 30)) * 1566083941)) - i;
			i++;
			if (i >= N) {
				s[0] = s[N - 1];
				i = 1;
			}
		}
		s[0] = 0x80000000;
		return mt;
	}

	/**
	 * Returns the next tempered word.
	 * @return 32 random bits
	 */
	public int next32() {
		if (this.pos == N) {
			twist();
		}
		int y = this.mt[this.pos++];
		this.drawn++;
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9D2C5680;
		y ^= (y << 15) & 0xEFC60000;
		y ^= y >>> 18;
		return y;
	}

	/**
	 * Returns two words as one, the first as the high half (PyTorch's {@code random64()}).
	 * @return 64 random bits
	 */
	public long next64() {
		long high = next32() & 0xFFFFFFFFL;
		return (high << 32) | (next32() & 0xFFFFFFFFL);
	}

	/**
	 * Skips words without tempering them: the next word drawn is the one {@code count} words on.
	 * @param count how many words to skip, at least 0
	 */
	public void skip(long count) {
		long left = count;
		while (left > 0) {
			if (this.pos == N) {
				twist();
			}
			int step = (int) Math.min(left, N - this.pos);
			this.pos += step;
			this.drawn += step;
			left -= step;
		}
	}

	/**
	 * Returns how many words have been drawn or skipped since seeding.
	 * @return the stream position in words
	 */
	public long position() {
		return this.drawn;
	}

	private void twist() {
		int[] s = this.mt;
		for (int k = 0; k < N; k++) {
			int y = (s[k] & 0x80000000) | (s[(k + 1) % N] & 0x7FFFFFFF);
			s[k] = s[(k + M) % N] ^ (y >>> 1) ^ (((y & 1) != 0) ? 0x9908B0DF : 0);
		}
		this.pos = 0;
	}

}
