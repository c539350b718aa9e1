package io.glorot.generator.numpy;

import java.math.BigInteger;

/**
 * NumPy's {@code SeedSequence} for an integer seed, without spawn key and with its default pool of four words
 * (numpy.md §1.1 to §1.3). All arithmetic is on 32-bit words, modulo 2^32.
 */
final class SeedSequence {

	private static final int INIT_A = 0x43B0D7E5;

	private static final int MULT_A = 0x931E8875;

	private static final int INIT_B = 0x8B51F9DD;

	private static final int MULT_B = 0x58F38DED;

	private static final int MIX_MULT_L = 0xCA01F9DD;

	private static final int MIX_MULT_R = 0x4973F715;

	private static final int POOL_SIZE = 4;

	private final int[] pool = new int[POOL_SIZE];

	private int hashConst = INIT_A;

	private SeedSequence(int[] entropy) {
		for (int i = 0; i < POOL_SIZE; i++) {
			this.pool[i] = hashmix((i < entropy.length) ? entropy[i] : 0);
		}
		for (int src = 0; src < POOL_SIZE; src++) {
			for (int dst = 0; dst < POOL_SIZE; dst++) {
				if (src != dst) {
					this.pool[dst] = mix(this.pool[dst], hashmix(this.pool[src]));
				}
			}
		}
		for (int src = POOL_SIZE; src < entropy.length; src++) {
			for (int dst = 0; dst < POOL_SIZE; dst++) {
				this.pool[dst] = mix(this.pool[dst], hashmix(entropy[src]));
			}
		}
	}

	/**
	 * Makes the sequence of a non-negative integer seed.
	 * @param seed the seed
	 * @return the sequence
	 */
	static SeedSequence of(BigInteger seed) {
		if (seed.signum() < 0) {
			throw new IllegalArgumentException("SeedSequence takes non-negative integers, got " + seed);
		}
		int count = Math.max(1, (seed.bitLength() + 31) / 32);
		int[] words = new int[count];
		for (int i = 0; i < count; i++) {
			words[i] = seed.shiftRight(32 * i).intValue();
		}
		return new SeedSequence(words);
	}

	/**
	 * Returns {@code generate_state(count, np.uint64)}.
	 * @param count how many 64-bit words
	 * @return the words
	 */
	long[] generateState64(int count) {
		int hc = INIT_B;
		long[] out = new long[count];
		for (int i = 0; i < 2 * count; i++) {
			int v = this.pool[i % POOL_SIZE];
			v ^= hc;
			hc *= MULT_B;
			v *= hc;
			v ^= v >>> 16;
			long word = v & 0xFFFFFFFFL;
			out[i / 2] |= ((i & 1) == 0) ? word : word << 32;
		}
		return out;
	}

	private int hashmix(int value) {
		int v = value ^ this.hashConst;
		this.hashConst *= MULT_A;
		v *= this.hashConst;
		v ^= v >>> 16;
		return v;
	}

	private static int mix(int x, int y) {
		int r = MIX_MULT_L * x - MIX_MULT_R * y;
		r ^= r >>> 16;
		return r;
	}

}
