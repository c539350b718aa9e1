package io.glorot.generator.torch;

/**
 * PyTorch's float32 Box-Muller block for AVX2 CPUs: {@code log256_ps} and {@code sincos256_ps} of
 * {@code aten/src/ATen/native/cpu/avx_mathfun.h} with the multiply-adds GCC fuses, one lane at a time
 * (pytorch.md §4.2 (A)). Every line is one binary32 operation; every fusion is an explicit {@link Math#fma}.
 */
final class AvxMathFun {

	private static final float SQRTHF = 0.707106781186547524f;

	private static final float P0 = 7.0376836292E-2f;

	private static final float P1 = -1.1514610310E-1f;

	private static final float P2 = 1.1676998740E-1f;

	private static final float P3 = -1.2420140846E-1f;

	private static final float P4 = 1.4249322787E-1f;

	private static final float P5 = -1.6668057665E-1f;

	private static final float P6 = 2.0000714765E-1f;

	private static final float P7 = -2.4999993993E-1f;

	private static final float P8 = 3.3333331174E-1f;

	private static final float Q1 = -2.12194440E-4f;

	private static final float Q2 = 0.693359375f;

	private static final float DP1 = -0.78515625f;

	private static final float DP2 = -2.4187564849853515625E-4f;

	private static final float DP3 = -3.77489497744594108E-8f;

	private static final float SP0 = -1.9515295891E-4f;

	private static final float SP1 = 8.3321608736E-3f;

	private static final float SP2 = -1.6666654611E-1f;

	private static final float CP0 = 2.443315711809948E-5f;

	private static final float CP1 = -1.388731625493765E-3f;

	private static final float CP2 = 4.166664568298827E-2f;

	private static final float FOPI = 1.27323954473516f;

	private static final float TWO_PI = Float.intBitsToFloat(0x40C90FDB);

	private static final float MIN_NORM = Float.intBitsToFloat(0x00800000);

	private AvxMathFun() {
	}

	/**
	 * Turns 16 uniforms in [0, 1) into 16 normals in place: lanes j and j + 8 make one Box-Muller pair.
	 * @param d the 16 uniforms at {@code d[at .. at + 16)}
	 * @param at where they start
	 * @param std the standard deviation as float32
	 * @param mean the mean as float32
	 */
	static void transform16(float[] d, int at, float std, float mean) {
		for (int j = 0; j < 8; j++) {
			float u1 = 1f - d[at + j];
			float u2 = d[at + j + 8];
			float radius = (float) Math.sqrt(-2f * log(u1));
			float theta = TWO_PI * u2;
			long sc = sincos(theta);
			float s = Float.intBitsToFloat((int) (sc >>> 32));
			float c = Float.intBitsToFloat((int) sc);
			d[at + j] = Math.fma(radius * c, std, mean);
			d[at + j + 8] = Math.fma(radius * s, std, mean);
		}
	}

	/** {@code log256_ps} for one lane. */
	static float log(float input) {
		boolean invalid = input <= 0f;
		float x = Math.max(input, MIN_NORM);
		int bits = Float.floatToRawIntBits(x);
		float e = (float) ((bits >>> 23) - 127);
		x = Float.intBitsToFloat((bits & 0x807FFFFF) | 0x3F000000);
		e = e + 1f;
		boolean m = x < SQRTHF;
		float tmp = m ? x : 0f;
		x = x - 1f;
		e = e - (m ? 1f : 0f);
		x = x + tmp;
		float z = x * x;
		float y = P0;
		y = Math.fma(y, x, P1);
		y = Math.fma(y, x, P2);
		y = Math.fma(y, x, P3);
		y = Math.fma(y, x, P4);
		y = Math.fma(y, x, P5);
		y = Math.fma(y, x, P6);
		y = Math.fma(y, x, P7);
		y = Math.fma(y, x, P8);
		y = y * x;
		y = Math.fma(y, z, e * Q1);
		y = Math.fma(-z, 0.5f, y);
		x = x + y;
		x = Math.fma(e, Q2, x);
		return invalid ? Float.NaN : x;
	}

	/**
	 * {@code sincos256_ps} for one lane.
	 * @return the sine's bits in the high half, the cosine's in the low half
	 */
	static long sincos(float input) {
		int signS = Float.floatToRawIntBits(input) & 0x80000000;
		float x = Math.abs(input);
		float y = x * FOPI;
		int j = (int) y;
		j = (j + 1) & ~1;
		y = j;
		int swapS = (j & 4) << 29;
		boolean poly = (j & 2) == 0;
		x = Math.fma(y, DP1, x);
		x = Math.fma(y, DP2, x);
		x = Math.fma(y, DP3, x);
		int signC = (~(j - 2) & 4) << 29;
		signS ^= swapS;
		float z = x * x;
		float tmp = z * 0.5f;
		float yc = Math.fma(CP0, z, CP1);
		yc = Math.fma(yc, z, CP2);
		yc = z * yc;
		yc = Math.fma(z, yc, -tmp);
		yc = yc + 1f;
		float ys = Math.fma(SP0, z, SP1);
		ys = Math.fma(ys, z, SP2);
		ys = z * ys;
		ys = Math.fma(x, ys, x);
		float ysin2 = poly ? ys : 0f;
		float ysin1 = poly ? 0f : yc;
		ys = ys - ysin2;
		yc = yc - ysin1;
		int s = Float.floatToRawIntBits(ysin1 + ysin2) ^ signS;
		int c = Float.floatToRawIntBits(ys + yc) ^ signC;
		return ((long) s << 32) | (c & 0xFFFFFFFFL);
	}

}
