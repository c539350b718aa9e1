package io.glorot.init;

import org.junit.jupiter.api.Test;

import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class XavierParametersTests {

	@Test
	void fansWhenTorchLayoutShouldUseOutInKernel() {
		// torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(64, 3, 7, 7)) == (147, 3136)
		assertThat(Layout.TORCH.fans(new long[] { 64, 3, 7, 7 })).isEqualTo(new Fans(147, 3136));
		assertThat(Layout.TORCH.fans(new long[] { 3, 4 })).isEqualTo(new Fans(4, 3));
	}

	@Test
	void fansWhenKerasLayoutShouldUseKernelInOut() {
		// keras.src.initializers.random_initializers.compute_fans((3, 3, 16, 32)) == (144, 288)
		assertThat(Layout.KERAS.fans(new long[] { 3, 3, 16, 32 })).isEqualTo(new Fans(144, 288));
		assertThat(Layout.KERAS.fans(new long[] { 16, 32 })).isEqualTo(new Fans(16, 32));
		assertThat(Layout.JAX.fans(new long[] { 5 })).isEqualTo(new Fans(5, 5));
	}

	@Test
	void fansWhenTorchLayoutHasOneDimensionShouldFail() {
		assertThatIllegalArgumentException().isThrownBy(() -> Layout.TORCH.fans(new long[] { 5 }))
			.withMessageContaining("at least 2");
	}

	@Test
	void gainShouldMatchCalculateGain() {
		// torch.nn.init.calculate_gain(name[, param]) in PyTorch 1.13
		assertThat(Nonlinearity.LINEAR.gain(0.01)).isEqualTo(1.0);
		assertThat(Nonlinearity.CONV_TRANSPOSE3D.gain(0.01)).isEqualTo(1.0);
		assertThat(Nonlinearity.SIGMOID.gain(0.01)).isEqualTo(1.0);
		assertThat(Nonlinearity.TANH.gain(0.01)).isEqualTo(1.6666666666666667);
		assertThat(Nonlinearity.RELU.gain(0.01)).isEqualTo(1.4142135623730951);
		assertThat(Nonlinearity.LEAKY_RELU.gain(0.01)).isEqualTo(1.4141428569978354);
		assertThat(Nonlinearity.LEAKY_RELU.gain(0.2)).isEqualTo(1.3867504905630728);
		assertThat(Nonlinearity.SELU.gain(0.01)).isEqualTo(0.75);
	}

	@Test
	void ofShouldGiveSpecVectorsParameters() {
		// shared/spec/vectors.json, case 3: shape 64x3x7x7, relu
		XavierParameters relu = XavierParameters.of(new Fans(147, 3136), Mode.FAN_AVG, Math.sqrt(2.0));
		assertThat(relu.std()).isEqualTo(0.034905555530372924);
		assertThat(relu.bound()).isEqualTo(0.06045819564502271);
		// case 5: fan_in of a 128x64 tensor
		XavierParameters fanIn = XavierParameters.of(new Fans(64, 128), Mode.FAN_IN, 1.0);
		assertThat(fanIn.std()).isEqualTo(0.125);
		assertThat(fanIn.bound()).isEqualTo(0.21650635094610965);
	}

	/** Spec §4: for fan_avg the std is bit-identical to PyTorch's {@code gain * math.sqrt(2.0 / float(fan_in + fan_out))}. */
	@Test
	void stdShouldEqualPytorchFormula() {
		RandomCases.check(2000, (draw) -> {
			long fanIn = draw.longBetween(1, 1L << 40);
			long fanOut = draw.longBetween(1, 1L << 40);
			double gain = new double[] { 1.0, 5.0 / 3, Math.sqrt(2.0), 0.75 }[draw.intBetween(0, 3)];
			XavierParameters parameters = XavierParameters.of(new Fans(fanIn, fanOut), Mode.FAN_AVG, gain);
			assertThat(parameters.std()).isEqualTo(gain * Math.sqrt(2.0 / (double) (fanIn + fanOut)));
		});
	}

	/** Keras's VarianceScaling computes {@code limit = sqrt(3 * scale / fan_avg)}: the same bound up to rounding. */
	@Test
	void boundShouldAgreeWithKerasFormula() {
		RandomCases.check(500, (draw) -> {
			long fanIn = draw.longBetween(1, 1L << 30);
			long fanOut = draw.longBetween(1, 1L << 30);
			XavierParameters parameters = XavierParameters.of(new Fans(fanIn, fanOut), Mode.FAN_AVG, 1.0);
			double keras = Math.sqrt(3.0 * (1.0 / Math.max(1.0, (fanIn + fanOut) / 2.0)));
			assertThat(parameters.bound()).isCloseTo(keras, within(4 * Math.ulp(keras)));
		});
	}

	@Test
	void fansShouldBePositive() {
		assertThat(new Fans(1, 1).fanIn()).isEqualTo(1);
		for (long[] fans : new long[][] { { 0, 1 }, { 1, 0 }, { -1, 5 }, { 5, -1 } }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new Fans(fans[0], fans[1]))
				.withMessage("fans must be positive, got " + fans[0] + " and " + fans[1]);
		}
	}

	@Test
	void nonlinearitiesShouldHaveWireNamesAndOnlyLeakyReluTakesASlope() {
		assertThat(WireEnum.ids(Nonlinearity.class)).startsWith("linear").contains("leaky_relu", "conv_transpose3d")
			.endsWith("selu")
			.hasSize(Nonlinearity.values().length);
		assertThat(WireEnum.find(Nonlinearity.class, "leaky_relu")).contains(Nonlinearity.LEAKY_RELU);
		assertThat(WireEnum.find(Nonlinearity.class, "Leaky_ReLU")).isEmpty();
		assertThat(Nonlinearity.LEAKY_RELU.id()).isEqualTo("leaky_relu");
		for (Nonlinearity nonlinearity : Nonlinearity.values()) {
			assertThat(nonlinearity.takesNegativeSlope()).as(nonlinearity.id())
				.isEqualTo(nonlinearity == Nonlinearity.LEAKY_RELU);
		}
	}

	@Test
	void ofWhenGainIsNotFinitePositiveShouldFail() {
		Fans fans = new Fans(3, 4);
		for (double gain : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThatIllegalArgumentException().isThrownBy(() -> XavierParameters.of(fans, Mode.FAN_AVG, gain));
		}
	}

	@Test
	void denominatorWhenFansOverflowLongShouldRoundOnce() {
		Fans huge = new Fans(Long.MAX_VALUE, Long.MAX_VALUE);
		assertThat(Mode.FAN_AVG.denominator(huge)).isEqualTo(0x1.0p63);
	}

	@Test
	void truncationBoundShouldBeTwoUnderlyingStandardDeviations() {
		XavierParameters parameters = XavierParameters.of(new Fans(4, 3), Mode.FAN_AVG, 1.0);
		assertThat(parameters.truncationBound()).isEqualTo(2.0 * (parameters.std() / 0.87962566103423978));
	}

}
