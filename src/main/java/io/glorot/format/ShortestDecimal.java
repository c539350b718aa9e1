package io.glorot.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Writes a float's or a double's shortest decimal straight into a byte array, as ASCII, with the text of
 * {@link Float#toString(float)} and {@link Double#toString(double)} (Java 19 and later), and no {@code String} on
 * the way.
 * <p>
 * The digits are Raffaello Giulietti's Schubfach ("The Schubfach way to render doubles", 2020), which the JDK's
 * own {@code toString} uses: the shortest decimal in the rounding interval, the closest one when there are
 * several, with at least two digits; this is a separate implementation of the paper's algorithm, with the table
 * of 126-bit powers of ten computed at class initialisation. The text then follows the JDK's layout:
 * {@code 123.45}, {@code 0.001}, {@code 1.0E7}, {@code 1.0E-5}, {@code -0.0}, {@code NaN}, {@code Infinity}, with the
 * digits made eight at a time in one {@code long} and stored with few bounds checks (docs/performance.md).
 * <p>
 * Checked against {@code Float.toString} on all 2^32 float bit patterns or a random sample of them by
 * {@code bench/bitcheck.sh floats}, and on a sample by {@code ShortestDecimalTests}.
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

	/** Float precision, by {@code q + 149} for the binary exponents {@code -149 <= q <= 104}: the 64-bit {@code g}. */
	private static final long[] FLOAT_G = new long[254];

	/** Float precision, by {@code q + 149}: {@code k} in the high 16 bits, the shift {@code h} in the low 16. */
	private static final int[] FLOAT_KH = new int[254];

	/** Bytes from the first one that {@link #writeFloat} may overwrite: the text and what follows it. */
	public static final int FLOAT_ROOM = 24;

	/** Bytes from the first one that {@link #writeDouble} may overwrite. */
	public static final int DOUBLE_ROOM = 32;

	private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
			ByteOrder.LITTLE_ENDIAN);

	/** '0' in every byte: added to {@link #eightDigits}' values by an or. */
	private static final long ZEROS = 0x3030_3030_3030_3030L;

	/** "0.00", little-endian. */
	private static final int ZERO_POINT_ZERO_ZERO = '0' | '.' << 8 | '0' << 16 | '0' << 24;

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
		for (int q = -149; q <= 104; q++) {
			int k = flog10pow2(q);
			FLOAT_G[q + 149] = G1[k - K_MIN] + 1;
			FLOAT_KH[q + 149] = k << 16 | (q + flog2pow10(-k) + 33);
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
	 * @param out where the text goes; needs {@link #MAX_FLOAT_CHARS} bytes from {@code at} (with
	 * {@link #FLOAT_ROOM} bytes it is written in place, with fewer through a scratch array)
	 * @param at the first byte
	 * @return the index after the last byte written
	 */
	public static int writeFloat(float v, byte[] out, int at) {
		if (out.length - at < FLOAT_ROOM) {
			byte[] scratch = new byte[FLOAT_ROOM];
			int end = writeFloatInPlace(v, scratch, 0);
			System.arraycopy(scratch, 0, out, at, end);
			return at + end;
		}
		return writeFloatInPlace(v, out, at);
	}

	/**
	 * Writes {@link Float#toString(float) Float.toString(v)} into {@code out} from {@code at}, where the bytes from
	 * the returned index up to {@code at + }{@link #FLOAT_ROOM} may be overwritten too (with digits that the next
	 * text replaces): the JSON writer's way, with a few wide stores instead of one per digit.
	 * @param v the value
	 * @param out where the text goes; needs {@link #FLOAT_ROOM} bytes from {@code at}
	 * @param at the first byte
	 * @return the index after the last byte of the text
	 */
	public static int writeFloatInPlace(float v, byte[] out, int at) {
		int bits = Float.floatToRawIntBits(v);
		int t = bits & 0x7FFFFF;
		int bq = (bits >>> 23) & 0xFF;
		if (bq == 0xFF) {
			return special(t != 0, bits < 0, out, at);
		}
		// the sign without a branch: half the weights are negative, in no pattern a predictor could learn
		out[at] = '-';
		at += bits >>> 31;
		if (bq != 0) {
			int mq = 150 - bq;
			int c = (1 << 23) | t;
			if (0 < mq && mq < 24) { // an integer below 2^24: its own digits are the shortest
				int f = c >> mq;
				if (f << mq == c) {
					return layoutFloat(f, 0, out, at);
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
	 * @param out where the text goes; needs {@link #MAX_DOUBLE_CHARS} bytes from {@code at} (with
	 * {@link #DOUBLE_ROOM} bytes it is written in place, with fewer through a scratch array)
	 * @param at the first byte
	 * @return the index after the last byte written
	 */
	public static int writeDouble(double v, byte[] out, int at) {
		if (out.length - at < DOUBLE_ROOM) {
			byte[] scratch = new byte[DOUBLE_ROOM];
			int end = writeDoubleInPlace(v, scratch, 0);
			System.arraycopy(scratch, 0, out, at, end);
			return at + end;
		}
		return writeDoubleInPlace(v, out, at);
	}

	/**
	 * {@link #writeFloatInPlace} for doubles: {@link Double#toString(double) Double.toString(v)}, where the bytes
	 * from the returned index up to {@code at + }{@link #DOUBLE_ROOM} may be overwritten too.
	 * @param v the value
	 * @param out where the text goes; needs {@link #DOUBLE_ROOM} bytes from {@code at}
	 * @param at the first byte
	 * @return the index after the last byte of the text
	 */
	public static int writeDoubleInPlace(double v, byte[] out, int at) {
		long bits = Double.doubleToRawLongBits(v);
		long t = bits & 0xFFFFFFFFFFFFFL;
		int bq = (int) (bits >>> 52) & 0x7FF;
		if (bq == 0x7FF) {
			return special(t != 0, bits < 0, out, at);
		}
		out[at] = '-';
		at += (int) (bits >>> 63);
		if (bq != 0) {
			int mq = 1075 - bq;
			long c = (1L << 52) | t;
			if (0 < mq && mq < 53) {
				long f = c >> mq;
				if (f << mq == c) {
					return layoutDouble(f, 0, out, at);
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
		int h;
		long g;
		if (c != (1 << 23) || q == -149) {
			// k, h and g depend on q alone: one table row per binary exponent instead of two multiplications
			cbl = cb - 2;
			int kh = FLOAT_KH[q + 149];
			k = kh >> 16;
			h = (short) kh;
			g = FLOAT_G[q + 149];
		}
		else {
			cbl = cb - 1;
			k = flog10threeQuartersPow2(q);
			h = q + flog2pow10(-k) + 33;
			g = G1[k - K_MIN] + 1;
		}
		int vb = rop(g, cb << h);
		int vbl = rop(g, cbl << h);
		int vbr = rop(g, cbr << h);
		// Which of the candidates is the shortest closest decimal depends on the value's low bits, so every
		// branch here would be mispredicted often: each choice is a mask (-1 or 0) from a difference's sign bit
		// (all the numbers are below 2^30, so no difference overflows) and a select by and-not.
		int s = vb >> 2;
		int t = s + 1;
		int low = vbl + odd; // a candidate d is in the rounding interval if low <= 4d and 4d + odd <= vbr
		int high = vbr - odd;
		int sp10 = 10 * (s / 10);
		int tp10 = sp10 + 10;
		int upin = ~(((sp10 << 2) - low) >> 31);
		int wpin = ~((high - (tp10 << 2)) >> 31);
		// one digit fewer: exactly one of the multiples of ten around s is in the interval (and s has 3 digits)
		int shorter = (upin ^ wpin) & ~((s - 100) >> 31);
		int uin = ~(((s << 2) - low) >> 31);
		int win = ~((high - (t << 2)) >> 31);
		int cmp = vb - ((s + t) << 1);
		// the closer of s and t, s on a tie if it is even: 2 cmp + (s & 1) < 1
		int nearer = t + (((cmp << 1) + (s & 1) - 1) >> 31);
		int one = nearer + ((t + uin - nearer) & (uin ^ win));
		int f = one + (((tp10 + ((sp10 - tp10) & upin)) - one) & shorter);
		return layoutFloat(f, k + (dk & ~shorter), out, at);
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
				return layoutDouble(upin ? sp10 : tp10, k, out, at);
			}
		}
		long t = s + 1;
		boolean uin = vbl + odd <= s << 2;
		boolean win = (t << 2) + odd <= vbr;
		if (uin != win) {
			return layoutDouble(uin ? s : t, k + dk, out, at);
		}
		long cmp = vb - ((s + t) << 1);
		return layoutDouble((cmp < 0 || (cmp == 0 && (s & 1) == 0)) ? s : t, k + dk, out, at);
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
	 * Lays out {@code f 10^e} ({@code 0 < f < 10^9}) as Java does: plain for 10^-3 <= v < 10^7 with at least one
	 * digit after the point, else one digit, the point, at least one more digit, {@code E} and the exponent.
	 * <p>
	 * The digits are written eight at a time: {@code f} is scaled to exactly nine digits, its first digit
	 * written alone and the other eight made in one {@code long} ({@link #eightDigits}) and stored with one
	 * bounds check; the count of trailing zeros falls out of the same {@code long}, so no loop removes them.
	 * Bytes after the returned index may be overwritten (up to {@link #FLOAT_ROOM} from {@code at}).
	 */
	private static int layoutFloat(int f, int e, byte[] out, int at) {
		int len = digitCount(f);
		int f9 = f * (int) POW10[9 - len];
		int first = f9 / 100_000_000;
		long raw = eightDigits(f9 - first * 100_000_000);
		// significant digits: 1 + the eight's digits up to the last non-zero one
		int n = 9 - (Long.numberOfLeadingZeros(raw) >>> 3);
		long text = raw | ZEROS;
		int exponent = e + len - 1; // of the first digit
		if (exponent >= 0 && exponent < 7) {
			// digits 1..8 shifted one byte right from the point on; the zeros of an integer's tail are in them
			int point = at + exponent + 1;
			out[at] = (byte) ('0' + first);
			LONG_LE.set(out, at + 1, text);
			LONG_LE.set(out, point + 1, text >>> (exponent << 3));
			out[point] = '.';
			return at + 1 + Math.max(n, exponent + 2);
		}
		if (exponent < 0 && exponent >= -3) { // 0.00ddd
			INT_LE.set(out, at, ZERO_POINT_ZERO_ZERO);
			int d = at + 1 - exponent;
			out[d] = (byte) ('0' + first);
			LONG_LE.set(out, d + 1, text);
			return d + n;
		}
		// d.dddE±x
		out[at] = (byte) ('0' + first);
		out[at + 1] = '.';
		LONG_LE.set(out, at + 2, text);
		return exponent(exponent, out, at + 2 + Math.max(n - 1, 1));
	}

	/**
	 * {@link #layoutFloat} for {@code 0 < f < 10^17}: the first digit, then two {@code long}s of eight.
	 * Bytes after the returned index may be overwritten (up to {@link #DOUBLE_ROOM} from {@code at}).
	 */
	private static int layoutDouble(long f, int e, byte[] out, int at) {
		int len = digitCount(f);
		long f17 = f * POW10[17 - len];
		int first = (int) (f17 / 10_000_000_000_000_000L);
		long rest = f17 - first * 10_000_000_000_000_000L;
		int high = (int) (rest / 100_000_000);
		long rawHigh = eightDigits(high);
		long rawLow = eightDigits((int) (rest - high * 100_000_000L));
		int n = (rawLow != 0) ? 17 - (Long.numberOfLeadingZeros(rawLow) >>> 3)
				: 9 - (Long.numberOfLeadingZeros(rawHigh) >>> 3);
		long textHigh = rawHigh | ZEROS;
		long textLow = rawLow | ZEROS;
		int exponent = e + len - 1;
		if (exponent >= 0 && exponent < 7) {
			int point = at + exponent + 1;
			int shift = exponent << 3;
			out[at] = (byte) ('0' + first);
			LONG_LE.set(out, at + 1, textHigh);
			LONG_LE.set(out, at + 9, textLow);
			// digits from the point on, one byte right (two shifts: a shift by 64 would be none)
			LONG_LE.set(out, point + 1, (textHigh >>> shift) | ((textLow << 8) << (56 - shift)));
			LONG_LE.set(out, point + 9, textLow >>> shift);
			out[point] = '.';
			return at + 1 + Math.max(n, exponent + 2);
		}
		if (exponent < 0 && exponent >= -3) {
			INT_LE.set(out, at, ZERO_POINT_ZERO_ZERO);
			int d = at + 1 - exponent;
			out[d] = (byte) ('0' + first);
			LONG_LE.set(out, d + 1, textHigh);
			LONG_LE.set(out, d + 9, textLow);
			return d + n;
		}
		out[at] = (byte) ('0' + first);
		out[at + 1] = '.';
		LONG_LE.set(out, at + 2, textHigh);
		LONG_LE.set(out, at + 10, textLow);
		return exponent(exponent, out, at + 2 + Math.max(n - 1, 1));
	}

	/** {@code E}, the sign if negative, and the exponent's digits, from {@code at}. */
	private static int exponent(int exponent, byte[] out, int at) {
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

	/** The count of decimal digits of {@code 0 < f < 10^18}. */
	static int digitCount(long f) {
		// floor(bits log10(2)) is the count or one less
		int estimate = ((64 - Long.numberOfLeadingZeros(f)) * 1233) >>> 12;
		return (f >= POW10[estimate]) ? estimate + 1 : estimate;
	}

	/**
	 * The eight decimal digits of {@code 0 <= v < 10^8}, most significant first, one per byte of a little-endian
	 * {@code long} (the first digit in the lowest byte), as values 0 to 9: split into halves of four digits in
	 * 32-bit lanes, then pairs in 16-bit lanes, then digits in bytes, each split a multiplication by a scaled
	 * reciprocal that is exact for the lane's range (checked for all 10^8 inputs by {@code ShortestDecimalTests}).
	 */
	static long eightDigits(int v) {
		int high = v / 10_000;
		long x = high | ((long) (v - high * 10_000) << 32);
		long hundreds = ((x * 10_486) >>> 20) & 0x0000_007F_0000_007FL; // x / 100 for x < 10^4
		x = ((x - hundreds * 100) << 16) | hundreds;
		long tens = ((x * 103) >>> 10) & 0x000F_000F_000F_000FL; // x / 10 for x < 100
		return ((x - tens * 10) << 8) | tens;
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
