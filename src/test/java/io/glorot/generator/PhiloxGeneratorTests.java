package io.glorot.generator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.random.Philox4x32;
import io.glorot.random.PhiloxKey;
import io.glorot.random.Variates;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;

class PhiloxGeneratorTests {

	/**
	 * Spec §3 element by element, for gains whose {@code bound * 2^-32} is normal (the kernel path) and subnormal
	 * (the per-lane path): both must round exactly as {@code (float) (t * bound)}.
	 */
	@ParameterizedTest
	@ValueSource(doubles = { 1.0, 1e-300, 1e-310 })
	void uniformShouldEqualSpecForNormalAndTinyBounds(double gain) {
		XavierParameters parameters = XavierParameters.of(new Fans(7, 5), Mode.FAN_AVG, gain);
		TensorSpec spec = new TensorSpec(Region.all(Shape.of(5, 7)), DType.FLOAT32, Distribution.UNIFORM,
				Layout.TORCH, parameters, 11, null, new PhiloxGenerator());
		float[] values = new float[35];
		spec.generator().open(spec).fill(0, values, 0, 35);
		// the same elements from an unaligned start, into an offset
		float[] shifted = new float[36];
		spec.generator().open(spec).fill(1, shifted, 2, 34);
		int[] words = new int[4];
		int negatives = 0;
		for (int i = 0; i < 35; i++) {
			Philox4x32.block(PhiloxKey.fromSeed(11), 0, i >>> 2, words, 0);
			float expected = (float) Variates.uniform(words[i & 3], parameters.bound());
			// raw bits: for the tiny gains every value is +0.0 or -0.0, which == cannot tell apart
			assertThat(Float.floatToRawIntBits(values[i])).as("element %d", i)
				.isEqualTo(Float.floatToRawIntBits(expected));
			if (i >= 1) {
				assertThat(Float.floatToRawIntBits(shifted[i + 1])).as("element %d from 1", i)
					.isEqualTo(Float.floatToRawIntBits(expected));
			}
			negatives += (Float.floatToRawIntBits(expected) < 0) ? 1 : 0;
		}
		// both signs occur, so an output of all +0.0 (or all -0.0) fails
		assertThat(negatives).isBetween(5, 30);
	}

}
