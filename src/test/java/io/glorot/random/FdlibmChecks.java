package io.glorot.random;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The comparisons of {@link Fdlibm} with {@link StrictMath} that {@code FdlibmBitIdentityTests} and
 * {@code bench/bitcheck.sh} share. Results compare by {@link Double#doubleToLongBits} (bits, with every NaN one).
 */
public final class FdlibmChecks {

	private FdlibmChecks() {
	}

	/**
	 * Fails unless two results have the same bits.
	 * @param what the function
	 * @param x the argument
	 * @param expected StrictMath's result
	 * @param actual ours
	 */
	public static void compare(String what, double x, double expected, double actual) {
		if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
			throw new AssertionError(what + "(" + x + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(x))
					+ "): StrictMath " + expected + ", ours " + actual);
		}
	}

	/**
	 * Checks {@link Fdlibm#log}.
	 * @param x the argument
	 */
	public static void checkLog(double x) {
		compare("log", x, StrictMath.log(x), Fdlibm.log(x));
	}

	/**
	 * Checks {@link Fdlibm#sinCos}, {@link Fdlibm#sin} and {@link Fdlibm#cos}.
	 * @param x the argument
	 */
	public static void checkSinCos(double x) {
		double[] sc = new double[2];
		Fdlibm.sinCos(x, sc);
		double sin = StrictMath.sin(x);
		double cos = StrictMath.cos(x);
		compare("sinCos.sin", x, sin, sc[0]);
		compare("sinCos.cos", x, cos, sc[1]);
		compare("sin", x, sin, Fdlibm.sin(x));
		compare("cos", x, cos, Fdlibm.cos(x));
	}

	/**
	 * A random argument for {@code log}: two in three are positive doubles of any exponent (every bit pattern
	 * with the sign clear, so subnormals, infinity and NaN too), one in three is in (0, 1), the generator's range.
	 * @param random the source
	 * @return the argument
	 */
	public static double randomLogArgument(SplittableRandom random) {
		long bits = random.nextLong();
		return switch ((int) Integer.remainderUnsigned((int) (bits >>> 40), 3)) {
			case 0 -> Double.longBitsToDouble(bits & Long.MAX_VALUE);
			case 1 -> Double.longBitsToDouble((bits & 0x800FFFFFFFFFFFFFL) | ((long) random.nextInt(0x7ff) << 52));
			default -> random.nextDouble();
		};
	}

	/**
	 * A random argument for {@code sin} and {@code cos}: half uniform in [-2π, 2π] (the generator's angles and
	 * their mirror), a quarter uniform over the medium reduction's range |x| < 2^19 π/2, a quarter any bit
	 * pattern (large, tiny, subnormal, infinite, NaN).
	 * @param random the source
	 * @return the argument
	 */
	public static double randomAngle(SplittableRandom random) {
		int kind = random.nextInt(4);
		return switch (kind) {
			case 0, 1 -> (random.nextDouble() * 2 - 1) * 2 * Math.PI;
			case 2 -> (random.nextDouble() * 2 - 1) * 0x1.0p19 * Math.PI / 2;
			default -> Double.longBitsToDouble(random.nextLong());
		};
	}

	/**
	 * The special and boundary arguments: zeros, infinities, NaN, subnormals, powers of two and their
	 * neighbours, the multiples of π/4 up to 64π and their neighbours, the bounds fdlibm branches on, and the ends
	 * of the generator's domain.
	 * @return the arguments
	 */
	public static List<Double> specialArguments() {
		List<Double> xs = new ArrayList<>();
		for (double x : new double[] { 0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
				Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0, Math.E, 0x1.0p-33,
				0x1.0p-1022 * 3, 0x1.0p-27, 0x1.0p-26, 0.3, 0.78125, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4,
				0x1.0p19 * Math.PI / 2, 1e300, 0.5 * 0x1.0p-32, (0xFFFFFFFFL + 0.5) * 0x1.0p-32,
				Variates.TWO_PI, Variates.TWO_PI * (0xFFFFFFFFL * 0x1.0p-32) }) {
			addAround(xs, x);
		}
		for (int e = -1074; e <= 1023; e++) {
			addAround(xs, Math.scalb(1.0, e));
		}
		for (int k = 1; k <= 256; k++) {
			addAround(xs, k * Math.PI / 4);
			addAround(xs, StrictMath.nextUp(k * (Math.PI / 4)));
		}
		// the high words fdlibm compares with
		for (int hw : new int[] { 0x3e400000, 0x3FD33333, 0x3fe90000, Fdlibm.PIO4_HW, 0x3ff921fb,
				Fdlibm.THREE_PIO4_HW, Fdlibm.MEDIUM_END_HW, 0x400921FB, 0x4012D97C, 0x401921FB, 0x6147a + 0x3ff00000,
				0x6b851 + 0x3ff00000, 0x95f64 + 0x3ff00000 }) {
			addAround(xs, Double.longBitsToDouble((long) hw << 32));
			addAround(xs, Double.longBitsToDouble(((long) hw << 32) | 0xFFFFFFFFL));
		}
		for (int m = 1; m <= 5; m++) {
			addAround(xs, Fdlibm.reductionThreshold(m));
		}
		return xs;
	}

	private static void addAround(List<Double> xs, double x) {
		double down = x;
		double up = x;
		for (int i = 0; i < 3; i++) {
			down = Math.nextDown(down);
			up = Math.nextUp(up);
			xs.add(down);
			xs.add(up);
			xs.add(-down);
			xs.add(-up);
		}
		xs.add(x);
		xs.add(-x);
	}

}
