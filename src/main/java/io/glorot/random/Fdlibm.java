package io.glorot.random;

/*
 * The algorithms and constants below are fdlibm 5.3's e_log.c, k_sin.c, k_cos.c, s_sin.c, s_cos.c and
 * e_rem_pio2.c, whose notice reads:
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

/**
 * fdlibm's {@code log}, {@code sin} and {@code cos}, the algorithms {@link StrictMath} specifies and the canonical
 * generator's Box-Muller transform uses (canonical-generator.md §3), with the same operations in the same order,
 * so every result has the same bits as {@link StrictMath}'s. Two things make them faster for the generator:
 * {@link #sinCos} reduces the argument once for both {@code sin} and {@code cos}, and nothing allocates.
 * <p>
 * Domain: {@link #log} covers every double. {@link #sin}, {@link #cos} and {@link #sinCos} compute every
 * {@code |x| <= 2^19 * pi/2} themselves (fdlibm's "medium" reduction; the generator's angles lie in [0, 2π)) and
 * hand larger, infinite and NaN arguments to {@link StrictMath}, whose Payne-Hanek reduction they would need.
 * The bit-identity is checked on the generator's whole domain and on 10^9 random arguments by
 * {@code bench/bitcheck.sh}, and on a sample by {@code FdlibmBitIdentityTests}.
 */
public final class Fdlibm {

	// __ieee754_log
	static final double LN2_HI = 0x1.62e42feep-1;

	static final double LN2_LO = 0x1.a39ef35793c76p-33;

	private static final double TWO54 = 0x1.0p54;

	static final double LG1 = 0x1.5555555555593p-1;

	static final double LG2 = 0x1.999999997fa04p-2;

	static final double LG3 = 0x1.2492494229359p-2;

	static final double LG4 = 0x1.c71c51d8e78afp-3;

	static final double LG5 = 0x1.7466496cb03dep-3;

	static final double LG6 = 0x1.39a09d078c69fp-3;

	static final double LG7 = 0x1.2f112df3e5244p-3;

	// __kernel_sin
	static final double S1 = -0x1.5555555555549p-3;

	static final double S2 = 0x1.111111110f8a6p-7;

	static final double S3 = -0x1.a01a019c161d5p-13;

	static final double S4 = 0x1.71de357b1fe7dp-19;

	static final double S5 = -0x1.ae5e68a2b9cebp-26;

	static final double S6 = 0x1.5d93a5acfd57cp-33;

	// __kernel_cos
	static final double C1 = 0x1.555555555554cp-5;

	static final double C2 = -0x1.6c16c16c15177p-10;

	static final double C3 = 0x1.a01a019cb159p-16;

	static final double C4 = -0x1.27e4f809c52adp-22;

	static final double C5 = 0x1.1ee9ebdb4b1c4p-29;

	static final double C6 = -0x1.8fae9be8838d4p-37;

	// __ieee754_rem_pio2
	static final double INVPIO2 = 0x1.45f306dc9c883p-1;

	static final double PIO2_1 = 0x1.921fb544p0;

	static final double PIO2_1T = 0x1.0b4611a626331p-34;

	private static final double PIO2_2 = 0x1.0b4611a6p-34;

	private static final double PIO2_2T = 0x1.3198a2e037073p-69;

	private static final double PIO2_3 = 0x1.3198a2ep-69;

	private static final double PIO2_3T = 0x1.b839a252049c1p-104;

	/** High words of n * pi/2, n = 1 .. 32. */
	private static final int[] NPIO2_HW = { 0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A,
			0x4022D97C, 0x4025FDBB, 0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C,
			0x4035FDBB, 0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C,
			0x4041475C, 0x4042106C, 0x4042D97C, 0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB,
			0x40478FDB, 0x404858EB, 0x404921FB, };

	/** High word of pi/4: below or at it, no reduction. */
	static final int PIO4_HW = 0x3fe921fb;

	/** High word of 3pi/4: below it, n = 1. */
	static final int THREE_PIO4_HW = 0x4002d97c;

	/** High word of 2^19 * pi/2: the end of the medium reduction. */
	static final int MEDIUM_END_HW = 0x413921fb;

	private Fdlibm() {
	}

	/**
	 * The smallest non-negative double {@code t} for which the medium reduction's
	 * {@code n = (int) (t * INVPIO2 + 0.5)} is at least {@code m}: the comparisons {@code t >= threshold(m)} give
	 * the same {@code n} as the conversion, which lets a vector kernel count instead of convert. Exact: the
	 * expression is monotone in {@code t}, so a bisection over the bit patterns finds the step.
	 * @param m the quadrant count, at least 1
	 * @return the threshold
	 */
	static double reductionThreshold(int m) {
		long lo = 0; // (int) (t * INVPIO2 + 0.5) < m at lo
		long high = Double.doubleToRawLongBits(m * 2.0); // and >= m at high
		while (high - lo > 1) {
			long mid = (lo + high) >>> 1;
			if ((int) (Double.longBitsToDouble(mid) * INVPIO2 + 0.5) >= m) {
				high = mid;
			}
			else {
				lo = mid;
			}
		}
		return Double.longBitsToDouble(high);
	}

	static int hi(double x) {
		return (int) (Double.doubleToRawLongBits(x) >> 32);
	}

	private static double withHi(double x, int high) {
		return Double.longBitsToDouble(((long) high << 32) | (Double.doubleToRawLongBits(x) & 0xFFFFFFFFL));
	}

	/**
	 * fdlibm's {@code __ieee754_log}: the same bits as {@link StrictMath#log} for every argument.
	 * @param x any double
	 * @return its natural logarithm
	 */
	public static double log(double x) {
		int hx = hi(x);
		int lx = (int) Double.doubleToRawLongBits(x);
		int k = 0;
		if (hx < 0x00100000) { // x < 2^-1022
			if (((hx & 0x7fffffff) | lx) == 0) {
				return Double.NEGATIVE_INFINITY;
			}
			if (hx < 0) {
				return Double.NaN;
			}
			k -= 54;
			x *= TWO54;
			hx = hi(x);
		}
		if (hx >= 0x7ff00000) {
			return x + x;
		}
		k += (hx >> 20) - 1023;
		hx &= 0x000fffff;
		int i = (hx + 0x95f64) & 0x100000;
		x = withHi(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
		k += (i >> 20);
		double f = x - 1.0;
		if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20
			if (f == 0.0) {
				if (k == 0) {
					return 0.0;
				}
				double dk = k;
				return dk * LN2_HI + dk * LN2_LO;
			}
			double r = f * f * (0.5 - 0.33333333333333333 * f);
			if (k == 0) {
				return f - r;
			}
			double dk = k;
			return dk * LN2_HI - ((r - dk * LN2_LO) - f);
		}
		double s = f / (2.0 + f);
		double dk = k;
		double z = s * s;
		i = hx - 0x6147a;
		double w = z * z;
		int j = 0x6b851 - hx;
		double t1 = w * (LG2 + w * (LG4 + w * LG6));
		double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
		i |= j;
		double r = t2 + t1;
		if (i > 0) {
			double hfsq = 0.5 * f * f;
			if (k == 0) {
				return f - (hfsq - s * (hfsq + r));
			}
			return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
		}
		if (k == 0) {
			return f - s * (f - r);
		}
		return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
	}

	/**
	 * fdlibm's {@code sin}: the same bits as {@link StrictMath#sin}.
	 * @param x any double
	 * @return its sine
	 */
	public static double sin(double x) {
		double[] sc = new double[2];
		sinCos(x, sc);
		return sc[0];
	}

	/**
	 * fdlibm's {@code cos}: the same bits as {@link StrictMath#cos}.
	 * @param x any double
	 * @return its cosine
	 */
	public static double cos(double x) {
		double[] sc = new double[2];
		sinCos(x, sc);
		return sc[1];
	}

	/**
	 * Sine and cosine of one argument, with one argument reduction: {@code out[0] = StrictMath.sin(x)},
	 * {@code out[1] = StrictMath.cos(x)}, bit for bit.
	 * @param x any double
	 * @param out where the two values go
	 */
	public static void sinCos(double x, double[] out) {
		int hx = hi(x);
		int ix = hx & 0x7fffffff;
		if (ix <= PIO4_HW) { // |x| ~<= pi/4: no reduction, and __kernel_sin's iy = 0 form
			out[0] = kernelSin0(x);
			out[1] = kernelCos(x, 0.0);
			return;
		}
		if (ix > MEDIUM_END_HW) { // large, infinite or NaN: Payne-Hanek, in StrictMath
			out[0] = StrictMath.sin(x);
			out[1] = StrictMath.cos(x);
			return;
		}
		double y0;
		double y1;
		int n;
		if (ix < THREE_PIO4_HW) { // |x| < 3pi/4, n = +-1
			if (hx > 0) {
				double z = x - PIO2_1;
				if (ix != 0x3ff921fb) { // 33+53 bit pi is good enough
					y0 = z - PIO2_1T;
					y1 = (z - y0) - PIO2_1T;
				}
				else { // near pi/2, 33+33+53 bit pi
					z -= PIO2_2;
					y0 = z - PIO2_2T;
					y1 = (z - y0) - PIO2_2T;
				}
				n = 1;
			}
			else {
				double z = x + PIO2_1;
				if (ix != 0x3ff921fb) {
					y0 = z + PIO2_1T;
					y1 = (z - y0) + PIO2_1T;
				}
				else {
					z += PIO2_2;
					y0 = z + PIO2_2T;
					y1 = (z - y0) + PIO2_2T;
				}
				n = -1;
			}
		}
		else { // medium size
			double t = Math.abs(x);
			n = (int) (t * INVPIO2 + 0.5);
			double fn = n;
			double r = t - fn * PIO2_1;
			double w = fn * PIO2_1T; // 1st round, good to 85 bits
			y0 = r - w;
			if (n >= 32 || ix == NPIO2_HW[n - 1]) {
				int j = ix >> 20;
				int i = j - ((hi(y0) >> 20) & 0x7ff);
				if (i > 16) { // 2nd iteration, good to 118 bits
					t = r;
					w = fn * PIO2_2;
					r = t - w;
					w = fn * PIO2_2T - ((t - r) - w);
					y0 = r - w;
					i = j - ((hi(y0) >> 20) & 0x7ff);
					if (i > 49) { // 3rd iteration, 151 bits
						t = r;
						w = fn * PIO2_3;
						r = t - w;
						w = fn * PIO2_3T - ((t - r) - w);
						y0 = r - w;
					}
				}
			}
			y1 = (r - y0) - w;
			if (hx < 0) {
				y0 = -y0;
				y1 = -y1;
				n = -n;
			}
		}
		double ks = kernelSin1(y0, y1);
		double kc = kernelCos(y0, y1);
		switch (n & 3) {
			case 0 -> {
				out[0] = ks;
				out[1] = kc;
			}
			case 1 -> {
				out[0] = kc;
				out[1] = -ks;
			}
			case 2 -> {
				out[0] = -ks;
				out[1] = -kc;
			}
			default -> {
				out[0] = -kc;
				out[1] = ks;
			}
		}
	}

	/** {@code __kernel_sin(x, 0, 0)}, for an unreduced {@code |x| <= pi/4}. */
	static double kernelSin0(double x) {
		int ix = hi(x) & 0x7fffffff;
		if (ix < 0x3e400000 && (int) x == 0) { // |x| < 2^-27
			return x;
		}
		double z = x * x;
		double v = z * x;
		double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
		return x + v * (S1 + z * r);
	}

	/** {@code __kernel_sin(x, y, 1)}, for a reduced argument {@code x + y}. */
	static double kernelSin1(double x, double y) {
		int ix = hi(x) & 0x7fffffff;
		if (ix < 0x3e400000 && (int) x == 0) {
			return x;
		}
		double z = x * x;
		double v = z * x;
		double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
		return x - ((z * (0.5 * y - v * r) - y) - v * S1);
	}

	/** {@code __kernel_cos(x, y)}. */
	static double kernelCos(double x, double y) {
		int ix = hi(x) & 0x7fffffff;
		if (ix < 0x3e400000 && (int) x == 0) {
			return 1.0;
		}
		double z = x * x;
		double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
		if (ix < 0x3FD33333) { // |x| < 0.3
			return 1.0 - (0.5 * z - (z * r - x * y));
		}
		double qx = (ix > 0x3fe90000) ? 0.28125 : Double.longBitsToDouble((long) (ix - 0x00200000) << 32);
		double hz = 0.5 * z - qx;
		double a = 1.0 - qx;
		return a - (hz - (z * r - x * y));
	}

}
