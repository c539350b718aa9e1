package io.glorot.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ShortestDecimal} writes {@link Float#toString(float)}'s and {@link Double#toString(double)}'s text: known
 * answers of each layout, the edges (zeros, subnormals, extremes, the plain/exponent boundaries 10^-3 and 10^7,
 * powers of two and ten and their neighbours), and seeded random bit patterns. {@code bench/bitcheck.sh floats}
 * checks all 2^32 floats.
 */
class ShortestDecimalTests {

	private static final long SEED = 0x12_0003L;

	private static String text(float v) {
		byte[] buf = new byte[ShortestDecimal.MAX_FLOAT_CHARS + 4];
		buf[0] = 'x';
		int end = ShortestDecimal.writeFloat(v, buf, 1);
		assertThat(end - 1).isLessThanOrEqualTo(ShortestDecimal.MAX_FLOAT_CHARS);
		assertThat(buf[0]).as("nothing before the offset").isEqualTo((byte) 'x');
		return new String(buf, 1, end - 1, StandardCharsets.US_ASCII);
	}

	private static String text(double v) {
		byte[] buf = new byte[ShortestDecimal.MAX_DOUBLE_CHARS + 3];
		int end = ShortestDecimal.writeDouble(v, buf, 3);
		assertThat(end - 3).isLessThanOrEqualTo(ShortestDecimal.MAX_DOUBLE_CHARS);
		return new String(buf, 3, end - 3, StandardCharsets.US_ASCII);
	}

	/** The in-place writers, with a full room after the text that holds garbage before and is not read after. */
	private static String inPlace(float v, int at) {
		byte[] buf = new byte[at + ShortestDecimal.FLOAT_ROOM];
		java.util.Arrays.fill(buf, (byte) 'x');
		int end = ShortestDecimal.writeFloatInPlace(v, buf, at);
		for (int i = 0; i < at; i++) {
			assertThat(buf[i]).as("nothing before the offset").isEqualTo((byte) 'x');
		}
		return new String(buf, at, end - at, StandardCharsets.US_ASCII);
	}

	private static String inPlace(double v, int at) {
		byte[] buf = new byte[at + ShortestDecimal.DOUBLE_ROOM];
		java.util.Arrays.fill(buf, (byte) '7');
		int end = ShortestDecimal.writeDoubleInPlace(v, buf, at);
		for (int i = 0; i < at; i++) {
			assertThat(buf[i]).as("nothing before the offset").isEqualTo((byte) '7');
		}
		return new String(buf, at, end - at, StandardCharsets.US_ASCII);
	}

	@Test
	void eightDigitsSplitsEveryNumberBelowTenToTheEight() {
		for (int v = 0; v < 100_000_000; v++) {
			long digits = ShortestDecimal.eightDigits(v);
			int back = 0;
			for (int i = 0; i < 8; i++) {
				back = 10 * back + (int) ((digits >>> (8 * i)) & 0xFF);
			}
			if (back != v || (digits & 0xF0F0_F0F0_F0F0_F0F0L) != 0) {
				assertThat(Long.toHexString(digits)).as("eightDigits(%d)", v).isEqualTo("digits of " + v);
			}
		}
	}

	@Test
	void digitCountAtEveryPowerOfTen() {
		for (int n = 1; n <= 18; n++) {
			long p = (long) Math.pow(10, n - 1);
			assertThat(ShortestDecimal.digitCount(p)).as("10^%d", n - 1).isEqualTo(n);
			assertThat(ShortestDecimal.digitCount(10 * p - 1)).as("10^%d - 1", n).isEqualTo(n);
			assertThat(ShortestDecimal.digitCount(p + p / 2)).isEqualTo(n);
		}
		for (int b = 0; b < 60; b++) {
			long v = 1L << b;
			assertThat(ShortestDecimal.digitCount(v)).as("2^%d", b).isEqualTo(Long.toString(v).length());
			assertThat(ShortestDecimal.digitCount(2 * v - 1)).isEqualTo(Long.toString(2 * v - 1).length());
		}
	}

	@Test
	void inPlaceWritersEqualTheJdkAtAnyOffset() {
		SplittableRandom random = new SplittableRandom(SEED + 1);
		for (int i = 0; i < 100_000; i++) {
			int at = random.nextInt(40);
			float f = (i % 2 == 0) ? Float.intBitsToFloat(random.nextInt()) : (float) (random.nextGaussian() * 0.05);
			if (!inPlace(f, at).equals(Float.toString(f))) {
				assertThat(inPlace(f, at)).as("seed %d, float bits 0x%08x at %d", SEED + 1, Float.floatToRawIntBits(f), at)
					.isEqualTo(Float.toString(f));
			}
			double d = (i % 2 == 0) ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * 0.05;
			if (!inPlace(d, at).equals(Double.toString(d))) {
				assertThat(inPlace(d, at)).as("seed %d, double bits 0x%016x at %d", SEED + 1,
						Double.doubleToRawLongBits(d), at).isEqualTo(Double.toString(d));
			}
		}
		for (float v : edgeFloats()) {
			assertThat(inPlace(v, 3)).as("bits 0x%08x", Float.floatToRawIntBits(v)).isEqualTo(Float.toString(v));
			assertThat(inPlace((double) v, 5)).isEqualTo(Double.toString(v));
		}
	}

	@Test
	void knownAnswersOfEachLayout() {
		assertThat(text(1.0f)).isEqualTo("1.0");
		assertThat(text(-0.0f)).isEqualTo("-0.0");
		assertThat(text(0.1f)).isEqualTo("0.1");
		assertThat(text(123.456f)).isEqualTo("123.456");
		assertThat(text(0.001f)).isEqualTo("0.001");
		assertThat(text(9.999999E-4f)).isEqualTo("9.999999E-4");
		assertThat(text(1.0E-5f)).isEqualTo("1.0E-5");
		assertThat(text(1.0E7f)).isEqualTo("1.0E7");
		assertThat(text(9999999.0f)).isEqualTo("9999999.0");
		assertThat(text(Float.MIN_VALUE)).isEqualTo("1.4E-45");
		assertThat(text(Float.MAX_VALUE)).isEqualTo("3.4028235E38");
		assertThat(text(Float.NaN)).isEqualTo("NaN");
		assertThat(text(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
		assertThat(text(2.0E-323)).isEqualTo("2.0E-323");
		assertThat(text(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E308");
		assertThat(text(-1.2345678901234567E-100)).isEqualTo("-1.2345678901234567E-100");
		assertThat(text(0.1 + 0.2)).isEqualTo("0.30000000000000004");
	}

	@Test
	void edgeFloatsEqualFloatToString() {
		for (float v : edgeFloats()) {
			assertThat(text(v)).as("bits 0x%08x", Float.floatToRawIntBits(v)).isEqualTo(Float.toString(v));
		}
	}

	@Test
	void edgeDoublesEqualDoubleToString() {
		for (float f : edgeFloats()) {
			for (double v : new double[] { f, Math.nextUp((double) f), Math.nextDown((double) f) }) {
				assertThat(text(v)).as("bits 0x%016x", Double.doubleToRawLongBits(v)).isEqualTo(Double.toString(v));
			}
		}
		for (int e = -1074; e <= 1023; e++) {
			double p = Math.scalb(1.0, e);
			for (double v : new double[] { p, Math.nextUp(p), Math.nextDown(p), -p }) {
				assertThat(text(v)).as("bits 0x%016x", Double.doubleToRawLongBits(v)).isEqualTo(Double.toString(v));
			}
		}
		for (int e = -323; e <= 308; e++) {
			double p = Double.parseDouble("1e" + e);
			for (double v : new double[] { p, Math.nextUp(p), Math.nextDown(p) }) {
				assertThat(text(v)).as("bits 0x%016x", Double.doubleToRawLongBits(v)).isEqualTo(Double.toString(v));
			}
		}
	}

	@Test
	void randomBitPatternsEqualTheJdk() {
		SplittableRandom random = new SplittableRandom(SEED);
		for (int i = 0; i < 200_000; i++) {
			float f = Float.intBitsToFloat(random.nextInt());
			String expected = Float.toString(f);
			if (!text(f).equals(expected)) {
				assertThat(text(f)).as("seed %d, float bits 0x%08x", SEED, Float.floatToRawIntBits(f)).isEqualTo(expected);
			}
			double d = Double.longBitsToDouble(random.nextLong());
			String expectedDouble = Double.toString(d);
			if (!text(d).equals(expectedDouble)) {
				assertThat(text(d)).as("seed %d, double bits 0x%016x", SEED, Double.doubleToRawLongBits(d))
					.isEqualTo(expectedDouble);
			}
		}
	}

	@Test
	void everyFloatOfTheWeightsRangeEqualsFloatToString() {
		// the float32 values a weight tensor has, |v| in [2^-20, 2^2): every 997th bit pattern, both signs
		for (int bits = Float.floatToRawIntBits(0x1.0p-20f); bits < Float.floatToRawIntBits(4.0f); bits += 997) {
			float v = Float.intBitsToFloat(bits);
			String expected = Float.toString(v);
			if (!text(v).equals(expected) || !text(-v).equals("-" + expected)) {
				assertThat(text(v)).as("float bits 0x%08x", bits).isEqualTo(expected);
				assertThat(text(-v)).as("float bits 0x%08x", bits | 0x80000000).isEqualTo("-" + expected);
			}
		}
	}

	static List<Float> edgeFloats() {
		List<Float> xs = new ArrayList<>();
		for (float v : new float[] { 0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1f, 0.001f, 1e7f,
				1e-3f, 9999999f, 16777216f, 8388608f, Float.POSITIVE_INFINITY, Float.NaN, 2e-45f, 8 * Float.MIN_VALUE,
				7 * Float.MIN_VALUE }) {
			addAround(xs, v);
		}
		for (int e = -149; e <= 127; e++) {
			addAround(xs, Math.scalb(1.0f, e));
		}
		for (int e = -45; e <= 38; e++) {
			addAround(xs, Float.parseFloat("1e" + e));
		}
		for (int bits = 1; bits < 4096; bits++) { // every small subnormal
			xs.add(Float.intBitsToFloat(bits));
		}
		return xs;
	}

	private static void addAround(List<Float> xs, float v) {
		float down = v;
		float up = v;
		xs.add(v);
		xs.add(-v);
		for (int i = 0; i < 3; i++) {
			down = Math.nextDown(down);
			up = Math.nextUp(up);
			xs.add(down);
			xs.add(up);
			xs.add(-down);
			xs.add(-up);
		}
	}

}
