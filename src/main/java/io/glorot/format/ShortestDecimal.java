package io.glorot.format;

import java.math.BigInteger;

/**
 * Writes a float's or a double's shortest decimal straight into a byte array, as ASCII, with the text of
 * {@link Float#toString(float)} and {@link Double#toString(double)} (Java 19 and later), and no {@code String} on
 * the way.
 * <p>
 * The digits are Raffaello Giulietti's Schubfach ("The Schubfach way to render doubles", 2020), which the JDK's
 * own {@code toString} uses: the shortest decimal in the rounding interval, the closest one when there are
 * several, with at least two digits; this is a separate implementation of the paper's algorithm, with the table
 * of 126-bit powers of ten computed at class initialisation. The text then follows the JDK's layout:
 * {@code 123.45}, {@code 0.001}, {@code 1.0E7}, {@code 1.0E-5}, {@code -0.0}, {@code NaN}, {@code Infinity}.
 * <p>
 * Checked against {@code Float.toString} on all 2^32 float bit patterns by {@code bench/bitcheck.sh floats}, and on
 * a sample by {@code ShortestDecimalTests}.
 */
public final class ShortestDecimal {

	/** Bytes the longest float text takes ({@code -1.17549435E-38}). */
	public static final int MAX_FLOAT_CHARS = 15;

	/** Bytes the longest double text takes ({@code -2.2250738585072014E-308}). */
	public static final int MAX_DOUBLE_CHARS = 24;

	private static final int K_MIN = -324;

	private static final int K_MAX = 292;

	/** The high 63 bits of {@code g = floor(10^-k 2^(125 - flog2pow10(-k))) + 1}, by {@code k - K_MIN}. */
	private static final long[] G1 = new long[K_MAX - K_MIN + 1];

	/** The low 63 bits of {@code g}. */
	private static final long[] G0 = new long[K_MAX - K_MIN + 1];

	private static final long[] POW10 = new long[19];

	private static final byte[] DIGIT_PAIRS = new byte[200];

	private static final long MASK_63 = 0x7FFFFFFFFFFFFFFFL;

	private static final long MASK_32 = 0xFFFFFFFFL;

	static {
		BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
		for (int k = K_MIN; k <= K_MAX; k++) {
			int e = -k;
			int shift = 125 - flog2pow10(e);
			BigInteger num = (e >= 0) ? BigInteger.TEN.pow(e) : BigInteger.ONE;
			BigInteger den = (e >= 0) ? BigInteger.ONE : BigInteger.TEN.pow(-e);
			if (shift >= 0) {
				num = num.shiftLeft(shift);
			}
			else {
				den = den.shiftLeft(-shift);
			}
			BigInteger g = num.divide(den).add(BigInteger.ONE);
			if (g.bitLength() != 126) {
				throw new IllegalStateException("g out of range for k = " + k);
			}
			G1[k - K_MIN] = g.shiftRight(63).longValueExact();
			G0[k - K_MIN] = g.and(mask63).longValueExact();
		}
		long p = 1;
		for (int i = 0; i < POW10.length; i++) {
			POW10[i] = p;
			p *= 10;
		}
		for (int i = 0; i < 100; i++) {
			DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
			DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
		}
	}

	private ShortestDecimal() {
	}

	/**
	 * Writes {@link Float#toString(float) Float.toString(v)} into {@code out} from {@code at}.
	 * @param v the value
	 * @param out where the text goes; needs {@link #MAX_FLOAT_CHARS} bytes from {@code at}
	 * @param at the first byte
	 * @return the index after the last byte written
	 */
	public static int writeFloat(float v, byte[] out, int at) {
		int bits = Float.floatToRawIntBits(v);
		int t = bits & 0x7FFFFF;
		int bq = (bits >>> 23) & 0xFF;
		if (bq == 0xFF) {
			return special(t != 0, bits < 0, out, at);
		}
		if (bits < 0) {
			out[at++] = '-';
		}
		if (bq != 0) {
			int mq = 150 - bq;
			int c = (1 << 23) | t;
			if (0 < mq && mq < 24) { // an integer below 2^24: its own digits are the shortest
				int f = c >> mq;
				if (f << mq == c) {
					return digits(f, 0, out, at);
				}
			}
			return floatDecimal(-mq, c, 0, out, at);
		}
		if (t != 0) {
			return (t < 8) ? floatDecimal(-149, 10 * t, -1, out, at) : floatDecimal(-149, t, 0, out, at);
		}
		return zero(out, at);
	}

	/**
	 * Writes {@link Double#toString(double) Double.toString(v)} into {@code out} from {@code at}.
	 * @param v the value
	 * @param out where the text goes; needs {@link #MAX_DOUBLE_CHARS} bytes from {@code at}
	 * @param at the first byte
	 * @return the index after the last byte written
	 */
	public static int writeDouble(double v, byte[] out, int at) {
		long bits = Double.doubleToRawLongBits(v);
		long t = bits & 0xFFFFFFFFFFFFFL;
		int bq = (int) (bits >>> 52) & 0x7FF;
		if (bq == 0x7FF) {
			return special(t != 0, bits < 0, out, at);
		}
		if (bits < 0) {
			out[at++] = '-';
		}
		if (bq != 0) {
			int mq = 1075 - bq;
			long c = (1L << 52) | t;
			if (0 < mq && mq < 53) {
				long f = c >> mq;
				if (f << mq == c) {
					return digits(f, 0, out, at);
				}
			}
			return doubleDecimal(-mq, c, 0, out, at);
		}
		if (t != 0) {
			return (t < 3) ? doubleDecimal(-1074, 10 * t, -1, out, at) : doubleDecimal(-1074, t, 0, out, at);
		}
		return zero(out, at);
	}

	/** Schubfach for {@code c 2^q}, float precision: 64-bit {@code g} suffices (paper, §9). */
	private static int floatDecimal(int q, int c, int dk, byte[] out, int at) {
		int odd = c & 1;
		long cb = (long) c << 2;
		long cbr = cb + 2;
		long cbl;
		int k;
		if (c != (1 << 23) || q == -149) {
			cbl = cb - 2;
			k = flog10pow2(q);
		}
		else {
			cbl = cb - 1;
			k = flog10threeQuartersPow2(q);
		}
		int h = q + flog2pow10(-k) + 33;
		long g = G1[k - K_MIN] + 1;
		int vb = rop(g, cb << h);
		int vbl = rop(g, cbl << h);
		int vbr = rop(g, cbr << h);
		int s = vb >> 2;
		if (s >= 100) {
			int sp10 = 10 * (s / 10);
			int tp10 = sp10 + 10;
			boolean upin = vbl + odd <= sp10 << 2;
			boolean wpin = (tp10 << 2) + odd <= vbr;
			if (upin != wpin) {
				return digits(upin ? sp10 : tp10, k, out, at);
			}
		}
		int t = s + 1;
		boolean uin = vbl + odd <= s << 2;
		boolean win = (t << 2) + odd <= vbr;
		if (uin != win) {
			return digits(uin ? s : t, k + dk, out, at);
		}
		int cmp = vb - ((s + t) << 1);
		return digits((cmp < 0 || (cmp == 0 && (s & 1) == 0)) ? s : t, k + dk, out, at);
	}

	/** Schubfach for {@code c 2^q}, double precision, with the 126-bit {@code g}. */
	private static int doubleDecimal(int q, long c, int dk, byte[] out, int at) {
		int odd = (int) c & 1;
		long cb = c << 2;
		long cbr = cb + 2;
		long cbl;
		int k;
		if (c != (1L << 52) || q == -1074) {
			cbl = cb - 2;
			k = flog10pow2(q);
		}
		else {
			cbl = cb - 1;
			k = flog10threeQuartersPow2(q);
		}
		int h = q + flog2pow10(-k) + 2;
		long g1 = G1[k - K_MIN];
		long g0 = G0[k - K_MIN];
		long vb = rop(g1, g0, cb << h);
		long vbl = rop(g1, g0, cbl << h);
		long vbr = rop(g1, g0, cbr << h);
		long s = vb >> 2;
		if (s >= 100) {
			long sp10 = 10 * (s / 10);
			long tp10 = sp10 + 10;
			boolean upin = vbl + odd <= sp10 << 2;
			boolean wpin = (tp10 << 2) + odd <= vbr;
			if (upin != wpin) {
				return digits(upin ? sp10 : tp10, k, out, at);
			}
		}
		long t = s + 1;
		boolean uin = vbl + odd <= s << 2;
		boolean win = (t << 2) + odd <= vbr;
		if (uin != win) {
			return digits(uin ? s : t, k + dk, out, at);
		}
		long cmp = vb - ((s + t) << 1);
		return digits((cmp < 0 || (cmp == 0 && (s & 1) == 0)) ? s : t, k + dk, out, at);
	}

	/** Rounds {@code g cp 2^-95} to odd (float precision). */
	private static int rop(long g, long cp) {
		long x1 = Math.multiplyHigh(g, cp);
		long vbp = x1 >>> 31;
		return (int) (vbp | ((x1 & MASK_32) + MASK_32) >>> 32);
	}

	/** Rounds {@code g cp 2^-127} to odd (double precision), {@code g = g1 2^63 + g0}. */
	private static long rop(long g1, long g0, long cp) {
		long x1 = Math.multiplyHigh(g0, cp);
		long y0 = g1 * cp;
		long y1 = Math.multiplyHigh(g1, cp);
		long z = (y0 >>> 1) + x1;
		long vbp = y1 + (z >>> 63);
		return vbp | ((z & MASK_63) + MASK_63) >>> 63;
	}

	/** floor(e log10(2)), for |e| <= 5456721. */
	static int flog10pow2(int e) {
		return (int) ((e * 661_971_961_083L) >> 41);
	}

	/** floor(e log10(2) + log10(3/4)). */
	static int flog10threeQuartersPow2(int e) {
		return (int) ((e * 661_971_961_083L - 274_743_187_321L) >> 41);
	}

	/** floor(e log2(10)), for |e| <= 1233. */
	static int flog2pow10(int e) {
		return (int) ((e * 913_124_641_741L) >> 38);
	}

	/**
	 * Lays out {@code f 10^e} ({@code f > 0}) as Java does: plain for 10^-3 <= v < 10^7 with at least one digit
	 * after the point, else one digit, the point, at least one more digit, {@code E} and the exponent.
	 */
	private static int digits(long f, int e, byte[] out, int at) {
		while (f % 10 == 0) {
			f /= 10;
			e++;
		}
		int n = 1;
		while (n < 19 && f >= POW10[n]) {
			n++;
		}
		int exponent = e + n - 1; // of the first digit
		if (exponent >= 0 && exponent < 7) {
			if (n <= exponent + 1) { // an integer: its digits, the zeros, ".0"
				writeDigits(f, n, out, at);
				at += n;
				for (int i = n; i <= exponent; i++) {
					out[at++] = '0';
				}
				out[at] = '.';
				out[at + 1] = '0';
				return at + 2;
			}
			// the digits with the point after the first exponent + 1
			int point = at + exponent + 1;
			writeDigits(f, n, out, at);
			System.arraycopy(out, point, out, point + 1, at + n - point);
			out[point] = '.';
			return at + n + 1;
		}
		if (exponent < 0 && exponent >= -3) { // 0.00ddd
			out[at++] = '0';
			out[at++] = '.';
			for (int i = -1; i > exponent; i--) {
				out[at++] = '0';
			}
			writeDigits(f, n, out, at);
			return at + n;
		}
		// d.dddE±x
		writeDigits(f, n, out, at + 1);
		out[at] = out[at + 1];
		out[at + 1] = '.';
		if (n == 1) {
			out[at + 2] = '0';
			at += 3;
		}
		else {
			at += n + 1;
		}
		out[at++] = 'E';
		if (exponent < 0) {
			out[at++] = '-';
			exponent = -exponent;
		}
		if (exponent >= 100) {
			out[at++] = (byte) ('0' + exponent / 100);
			exponent %= 100;
			out[at++] = DIGIT_PAIRS[2 * exponent];
			out[at++] = DIGIT_PAIRS[2 * exponent + 1];
		}
		else if (exponent >= 10) {
			out[at++] = DIGIT_PAIRS[2 * exponent];
			out[at++] = DIGIT_PAIRS[2 * exponent + 1];
		}
		else {
			out[at++] = (byte) ('0' + exponent);
		}
		return at;
	}

	/** The {@code n} decimal digits of {@code f} into {@code out[at .. at + n)}. */
	private static void writeDigits(long f, int n, byte[] out, int at) {
		int i = at + n;
		while (f >= 100) {
			int pair = (int) (f % 100);
			f /= 100;
			out[--i] = DIGIT_PAIRS[2 * pair + 1];
			out[--i] = DIGIT_PAIRS[2 * pair];
		}
		if (f >= 10) {
			out[--i] = DIGIT_PAIRS[2 * (int) f + 1];
			out[--i] = DIGIT_PAIRS[2 * (int) f];
		}
		else {
			out[--i] = (byte) ('0' + f);
		}
	}

	private static int zero(byte[] out, int at) {
		out[at] = '0';
		out[at + 1] = '.';
		out[at + 2] = '0';
		return at + 3;
	}

	private static int special(boolean nan, boolean negative, byte[] out, int at) {
		byte[] text = nan ? NAN : (negative ? MINUS_INFINITY : INFINITY);
		System.arraycopy(text, 0, out, at, text.length);
		return at + text.length;
	}

	private static final byte[] NAN = { 'N', 'a', 'N' };

	private static final byte[] INFINITY = { 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y' };

	private static final byte[] MINUS_INFINITY = { '-', 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y' };

}
