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
		int[] words = new int[4];
		for (int i = 0; i < 35; i++) {
			Philox4x32.block(PhiloxKey.fromSeed(11), 0, i >>> 2, words, 0);
			assertThat(values[i]).isEqualTo((float) Variates.uniform(words[i & 3], parameters.bound()));
		}
	}

}
