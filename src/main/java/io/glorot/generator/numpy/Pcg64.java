package io.glorot.generator.numpy;

import java.math.BigInteger;

/**
 * NumPy's {@code PCG64} bit generator (XSL-RR 128/64), seeded through {@code SeedSequence} as
 * {@code np.random.default_rng(seed)} seeds it (numpy.md §1). The 128-bit state is two longs; all arithmetic is
 * modulo 2^128. Mutable and not thread-safe; {@link #copy()} forks it.
 */
final class Pcg64 {

	private static final long MULT_HI = 2549297995355413924L;

	private static final long MULT_LO = 4865540595714422341L;

	private long stateHi;

	private long stateLo;

	private final long incHi;

	private final long incLo;

	private Pcg64(long stateHi, long stateLo, long incHi, long incLo) {
		this.stateHi = stateHi;
		this.stateLo = stateLo;
		this.incHi = incHi;
		this.incLo = incLo;
	}

	/**
	 * Seeds the generator as {@code PCG64(SeedSequence(seed))} does.
	 * @param seed a non-negative integer
	 * @return the generator
	 */
	static Pcg64 seeded(BigInteger seed) {
		long[] words = SeedSequence.of(seed).generateState64(4);
		long initSeqHi = words[2];
		long initSeqLo = words[3];
		long incHi = (initSeqHi << 1) | (initSeqLo >>> 63);
		long incLo = (initSeqLo << 1) | 1;
		Pcg64 pcg = new Pcg64(0, 0, incHi, incLo);
		pcg.step();
		long lo = pcg.stateLo + words[1];
		long carry = Long.compareUnsigned(lo, pcg.stateLo) < 0 ? 1 : 0;
		pcg.stateHi = pcg.stateHi + words[0] + carry;
		pcg.stateLo = lo;
		pcg.step();
		return pcg;
	}

	/**
	 * Returns an independent generator in the same state.
	 * @return the copy
	 */
	Pcg64 copy() {
		return new Pcg64(this.stateHi, this.stateLo, this.incHi, this.incLo);
	}

	/**
	 * Returns the next 64-bit output.
	 * @return 64 random bits
	 */
	long next64() {
		step();
		return Long.rotateRight(this.stateHi ^ this.stateLo, (int) (this.stateHi >>> 58));
	}

	/**
	 * Returns {@code (next64() >> 11) * 2^-53}, NumPy's {@code next_double}.
	 * @return a double in [0, 1)
	 */
	double nextDouble() {
		return (next64() >>> 11) * 0x1.0p-53;
	}

	/**
	 * Jumps the stream {@code delta} outputs ahead in O(log delta) steps ({@code pcg_advance_lcg_128}).
	 * @param delta how many outputs to pass over, at least 0
	 */
	void advance(long delta) {
		long accMultHi = 0;
		long accMultLo = 1;
		long accPlusHi = 0;
		long accPlusLo = 0;
		long curMultHi = MULT_HI;
		long curMultLo = MULT_LO;
		long curPlusHi = this.incHi;
		long curPlusLo = this.incLo;
		for (long left = delta; left != 0; left >>>= 1) {
			if ((left & 1) != 0) {
				long mHi = mulHi(accMultHi, accMultLo, curMultHi, curMultLo);
				accMultLo = accMultLo * curMultLo;
				accMultHi = mHi;
				// accPlus = accPlus * curMult + curPlus
				long pHi = mulHi(accPlusHi, accPlusLo, curMultHi, curMultLo);
				long pLo = accPlusLo * curMultLo;
				long sumLo = pLo + curPlusLo;
				accPlusHi = pHi + curPlusHi + (Long.compareUnsigned(sumLo, pLo) < 0 ? 1 : 0);
				accPlusLo = sumLo;
			}
			// curPlus = (curMult + 1) * curPlus
			long m1Lo = curMultLo + 1;
			long m1Hi = curMultHi + (m1Lo == 0 ? 1 : 0);
			long nextPlusHi = mulHi(m1Hi, m1Lo, curPlusHi, curPlusLo);
			curPlusLo = m1Lo * curPlusLo;
			curPlusHi = nextPlusHi;
			long nextMultHi = mulHi(curMultHi, curMultLo, curMultHi, curMultLo);
			curMultLo = curMultLo * curMultLo;
			curMultHi = nextMultHi;
		}
		long sHi = mulHi(accMultHi, accMultLo, this.stateHi, this.stateLo);
		long sLo = accMultLo * this.stateLo;
		long lo = sLo + accPlusLo;
		this.stateHi = sHi + accPlusHi + (Long.compareUnsigned(lo, sLo) < 0 ? 1 : 0);
		this.stateLo = lo;
	}

	private void step() {
		long hi = mulHi(this.stateHi, this.stateLo, MULT_HI, MULT_LO);
		long lo = this.stateLo * MULT_LO;
		long sum = lo + this.incLo;
		this.stateHi = hi + this.incHi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
		this.stateLo = sum;
	}

	/** The high 64 bits of the 128-bit product {@code (aHi:aLo) * (bHi:bLo)} modulo 2^128. */
	private static long mulHi(long aHi, long aLo, long bHi, long bLo) {
		return Math.unsignedMultiplyHigh(aLo, bLo) + aHi * bLo + aLo * bHi;
	}

	/**
	 * Returns the state, for tests.
	 * @return the 128-bit state as high and low halves
	 */
	long[] state() {
		return new long[] { this.stateHi, this.stateLo, this.incHi, this.incLo };
	}

}
