package io.glorot.tensor;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

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
	@Property
	void bfloat16ShouldBeNearestRepresentable(@ForAll float value) {
		if (!Float.isFinite(value) || Math.abs(value) > 1e38f) {
			return;
		}
		float rounded = DType.BFLOAT16.widen16(DType.toBfloat16Bits(value));
		float unit = Math.ulp(rounded) * 65536;
		assertThat(Math.abs((double) rounded - value)).isLessThanOrEqualTo(unit / 2.0);
	}

}
