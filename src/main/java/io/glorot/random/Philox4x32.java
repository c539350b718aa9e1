package io.glorot.random;

/**
 * Philox4x32-10, the counter-based generator of canonical-generator.md §1 (Salmon, Moraes, Dror, Shaw:
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11; the Random123 library).
 * <p>
 * A pure function: the same 128-bit counter and 64-bit key always give the same four 32-bit words. There is no
 * state, so any block can be computed on its own, on any thread, in any order. Words are Java {@code int}s read as
 * unsigned 32-bit integers.
 */
public final class Philox4x32 {

	/** Round multiplier M0 (spec §1). */
	public static final int M0 = 0xD2511F53;

	/** Round multiplier M1 (spec §1). */
	public static final int M1 = 0xCD9E8D57;

	/** Key increment W0, the golden ratio's first 32 fraction bits (spec §1). */
	public static final int W0 = 0x9E3779B9;

	/** Key increment W1, sqrt(3) - 1 in 32 fraction bits (spec §1). */
	public static final int W1 = 0xBB67AE85;

	/** Number of rounds (spec §1). */
	public static final int ROUNDS = 10;

	private static final long MASK = 0xFFFFFFFFL;

	private static final long M0_U = M0 & MASK;

	private static final long M1_U = M1 & MASK;

	private Philox4x32() {
	}

	/**
	 * Computes {@code philox(counter = (c0, c1, c2, c3), key = (k0, k1))} and writes the four result words into
	 * {@code out[offset .. offset + 3]}.
	 * @param c0 counter word 0
	 * @param c1 counter word 1
	 * @param c2 counter word 2
	 * @param c3 counter word 3
	 * @param k0 key word 0
	 * @param k1 key word 1
	 * @param out where the words go
	 * @param offset index of the first word in {@code out}
	 */
	public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int offset) {
		for (int round = 0; round < ROUNDS; round++) {
			long p0 = M0_U * (c0 & MASK);
			long p1 = M1_U * (c2 & MASK);
			int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
			int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
			c1 = (int) p1;
			c3 = (int) p0;
			c0 = n0;
			c2 = n2;
			k0 += W0;
			k1 += W1;
		}
		out[offset] = c0;
		out[offset + 1] = c1;
		out[offset + 2] = c2;
		out[offset + 3] = c3;
	}

	/**
	 * Computes block {@code b} of the stream {@code (key, stream)} as spec §2 lays out the counter:
	 * {@code (b & 0xFFFFFFFF, b >>> 32, stream & 0xFFFFFFFF, stream >>> 32)}.
	 * @param key the key derived from the seed
	 * @param stream the stream number derived from the tensor name
	 * @param b the block number ({@code flatIndex >>> 2})
	 * @param out where the four words go
	 * @param offset index of the first word in {@code out}
	 */
	public static void block(PhiloxKey key, long stream, long b, int[] out, int offset) {
		block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32), key.k0(), key.k1(), out, offset);
	}

}
