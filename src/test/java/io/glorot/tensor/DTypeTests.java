package io.glorot.tensor;

import org.junit.jupiter.api.Test;

import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DTypeTests {

	@Test
	void toBfloat16BitsShouldRoundToNearestEven() {
		// 1 + 2^-8 is halfway between bfloat16 1.0 and 1.0078125: ties to the even one, 1.0
		assertThat(DType.toBfloat16Bits(1 + 0x1.0p-8f)).isEqualTo(0x3F80);
		// 1 + 3 * 2^-8 is halfway between 1.0078125 (odd) and 1.015625 (even)
		assertThat(DType.toBfloat16Bits(1 + 3 * 0x1.0p-8f)).isEqualTo(0x3F82);
		assertThat(DType.toBfloat16Bits(1 + 0x1.0p-8f + 0x1.0p-20f)).isEqualTo(0x3F81);
		assertThat(DType.toBfloat16Bits(-2.0f)).isEqualTo(0xC000);
	}

	@Test
	void toFloat16BitsShouldRoundToNearestEven() {
		assertThat(DType.toFloat16Bits(1.0f)).isEqualTo(0x3C00);
		assertThat(DType.toFloat16Bits(1 + 0x1.0p-11f)).isEqualTo(0x3C00);
		assertThat(DType.toFloat16Bits(1 + 3 * 0x1.0p-11f)).isEqualTo(0x3C02);
		assertThat(DType.toFloat16Bits(-0.5f)).isEqualTo(0xB800);
	}

	/** Rounding picks the nearer of the two neighbours, so the widened value is within half a unit. */
	@Test
	void bfloat16ShouldBeNearestRepresentable() {
		RandomCases.check(1000, (draw) -> {
			float value = draw.anyFloat();
			if (!Float.isFinite(value) || Math.abs(value) > 1e38f) {
				return;
			}
			float rounded = DType.BFLOAT16.widen16(DType.toBfloat16Bits(value));
			float unit = Math.ulp(rounded) * 65536;
			assertThat(Math.abs((double) rounded - value)).isLessThanOrEqualTo(unit / 2.0);
		});
	}

	/**
	 * Rounding a double straight to binary16 picks the nearest binary16 value, ties to even, as an exact search
	 * over all finite binary16 values decides.
	 */
	@Test
	void float16BitsFromDoubleShouldBeNearestTiesToEven() {
		RandomCases.check(3000, (draw) -> float16BitsFromDoubleShouldBeNearestTiesToEven(draw.anyDouble(),
				draw.anyBoolean()));
	}

	private static void float16BitsFromDoubleShouldBeNearestTiesToEven(double seed, boolean nearMidpoint) {
		double value = seed % 70000;
		if (nearMidpoint) {
			// just off a midpoint between two binary16 values, where rounding through float32 goes wrong
			int bits = DType.toFloat16Bits((float) (seed % 60000)) & 0x7BFF;
			double low = Float.float16ToFloat((short) bits);
			double high = Float.float16ToFloat((short) (bits + 1));
			value = (low + high) / 2 + Math.ulp(low) * ((seed > 0) ? 1 : -1);
		}
		if (!Double.isFinite(value) || Math.abs(value) >= 65504) {
			return;
		}
		assertThat(DType.float16BitsFromDouble(value)).isEqualTo(nearestHalf(value));
	}

	@Test
	void float16BitsFromDoubleShouldNotRoundTwice() {
		// 1 + 2^-11 + 2^-40 lies just above the midpoint of 1 and 1 + 2^-10; through float32 it becomes the midpoint
		// and ties down to 1.0, straight it rounds up
		double value = 1 + 0x1.0p-11 + 0x1.0p-40;
		assertThat(DType.toFloat16Bits((float) value)).isEqualTo(0x3C00);
		assertThat(DType.float16BitsFromDouble(value)).isEqualTo(0x3C01);
	}

	/**
	 * Past the largest binary16 value the guard must give infinity: 65520 is the midpoint between 65504 and the
	 * next step (65536), and ties away to infinity as IEEE-754 does; just below it stays 65504.
	 */
	@Test
	void float16BitsFromDoubleShouldOverflowToInfinityFrom65520() {
		assertThat(DType.float16BitsFromDouble(65504)).isEqualTo(0x7BFF);
		assertThat(DType.float16BitsFromDouble(65519.99)).isEqualTo(0x7BFF);
		assertThat(DType.float16BitsFromDouble(-65519.99)).isEqualTo(0xFBFF);
		assertThat(DType.float16BitsFromDouble(65520)).isEqualTo(0x7C00);
		assertThat(DType.float16BitsFromDouble(1e10)).isEqualTo(0x7C00);
		assertThat(DType.float16BitsFromDouble(-70000)).isEqualTo(0xFC00);
		assertThat(DType.float16BitsFromDouble(Double.POSITIVE_INFINITY)).isEqualTo(0x7C00);
		assertThat(DType.float16BitsFromDouble(Double.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
		int nan = DType.float16BitsFromDouble(Double.NaN);
		assertThat(nan & 0x7C00).isEqualTo(0x7C00);
		assertThat(nan & 0x03FF).isNotZero();
	}

	/** Around zero the neighbours cross the sign: the smallest subnormals and both zeros keep their sign. */
	@Test
	void float16BitsFromDoubleShouldRoundTinyValuesToSignedSubnormalsOrZeros() {
		double smallest = 0x1.0p-24;
		assertThat(DType.float16BitsFromDouble(smallest)).isEqualTo(0x0001);
		assertThat(DType.float16BitsFromDouble(-smallest)).isEqualTo(0x8001);
		// just above half the smallest subnormal rounds up to it; exactly half ties to even zero
		assertThat(DType.float16BitsFromDouble(smallest / 2 + 0x1.0p-60)).isEqualTo(0x0001);
		assertThat(DType.float16BitsFromDouble(-smallest / 2 - 0x1.0p-60)).isEqualTo(0x8001);
		assertThat(DType.float16BitsFromDouble(smallest / 2)).isEqualTo(0x0000);
		assertThat(DType.float16BitsFromDouble(0.0)).isEqualTo(0x0000);
		assertThat(DType.float16BitsFromDouble(-0.0)).isEqualTo(0x8000);
		assertThat(DType.float16BitsFromDouble(1e-30)).isEqualTo(0x0000);
		assertThat(DType.float16BitsFromDouble(-1e-30)).isEqualTo(0x8000);
	}

	@Test
	void sizesNamesAndWideningShouldFollowSpecSection5() {
		assertThat(DType.FLOAT32.size()).isEqualTo(4);
		assertThat(DType.FLOAT64.size()).isEqualTo(8);
		assertThat(DType.FLOAT16.size()).isEqualTo(2);
		assertThat(DType.BFLOAT16.size()).isEqualTo(2);
		assertThat(DType.FLOAT64.isDouble()).isTrue();
		assertThat(DType.FLOAT32.isDouble()).isFalse();
		assertThat(DType.BFLOAT16.numpyDescr()).isNull();
		assertThat(DType.FLOAT16.numpyDescr()).isEqualTo("<f2");
		assertThat(DType.BFLOAT16.safetensorsName()).isEqualTo("BF16");
		assertThat(DType.FLOAT16.round(1 + 0x1.0p-11f + 0x1.0p-20f)).isEqualTo(1 + 0x1.0p-10f);
		assertThat(DType.BFLOAT16.round(1 + 0x1.0p-8f + 0x1.0p-20f)).isEqualTo(1 + 0x1.0p-7f);
		assertThat(DType.FLOAT32.round(1 + 0x1.0p-20f)).isEqualTo(1 + 0x1.0p-20f);
		assertThat(DType.FLOAT64.round(1 + 0x1.0p-20f)).isEqualTo(1 + 0x1.0p-20f);
		assertThatIllegalStateException().isThrownBy(() -> DType.FLOAT32.widen16(0x3C00));
	}

	private static int nearestHalf(double value) {
		int best = -1;
		double bestError = Double.POSITIVE_INFINITY;
		for (int bits = 0; bits < 0x10000; bits++) {
			if ((bits & 0x7C00) == 0x7C00) {
				continue;
			}
			double error = Math.abs(Float.float16ToFloat((short) bits) - value);
			if (error < bestError || (error == bestError && (bits & 1) == 0 && (best & 1) == 1)) {
				best = bits;
				bestError = error;
			}
		}
		// +0 and -0 are both nearest to 0; keep the sign of the value
		return (bestError == Math.abs(value) && (best & 0x7FFF) == 0) ? ((value < 0 || 1 / value < 0) ? 0x8000 : 0) : best;
	}

}
