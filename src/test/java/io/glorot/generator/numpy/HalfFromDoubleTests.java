package io.glorot.generator.numpy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NumPy's {@code astype(np.float16)} rounds each float64 straight to binary16 (docs/compat.md). Over a tensor large
 * enough to hold elements where rounding through float32 first gives another answer, every float16 element equals
 * the float64 element rounded once, as an independent exact rounding decides.
 */
class HalfFromDoubleTests {

	static Stream<Arguments> generators() {
		return Stream.of(Arguments.of(new NumpyGenerator(), Distribution.UNIFORM),
				Arguments.of(new NumpyGenerator(), Distribution.NORMAL),
				Arguments.of(new NumpyLegacyGenerator(), Distribution.UNIFORM),
				Arguments.of(new NumpyLegacyGenerator(), Distribution.NORMAL));
	}

	@ParameterizedTest
	@MethodSource("generators")
	void float16ShouldBeFloat64RoundedOnceToNearestEven(TensorGenerator generator, Distribution distribution) {
		int n = 64 * 1024;
		TensorSpec half = spec(generator, distribution, DType.FLOAT16);
		float[] halves = new float[n];
		ValueSource source = generator.open(half);
		source.fill(0, halves, 0, n);
		double[] doubles = new double[n];
		generator.open(spec(generator, distribution, DType.FLOAT64)).fill(0, doubles, 0, n);
		int differsThroughFloat32 = 0;
		for (int i = 0; i < n; i++) {
			double once = roundToHalf(doubles[i]);
			assertThat(Float.floatToRawIntBits(halves[i])).as("element %d of %s", i, doubles[i])
				.isEqualTo(Float.floatToRawIntBits((float) once));
			if (Float.float16ToFloat(Float.floatToFloat16((float) doubles[i])) != once) {
				differsThroughFloat32++;
			}
		}
		// the tensor holds elements where rounding twice differs, so this test tells the two apart
		assertThat(differsThroughFloat32).isPositive();
		// the float64 view of a float16 tensor is the float64 tensor itself
		double[] wide = new double[10];
		source.fill(5, wide, 0, 10);
		assertThat(wide).containsExactly(java.util.Arrays.copyOfRange(doubles, 5, 15));
		assertThat(source.isRandomAccess()).isEqualTo(generator.open(spec(generator, distribution, DType.FLOAT64))
			.isRandomAccess());
	}

	/**
	 * Rounds to binary16 by scaling to units of the value's binary16 step, where {@code Math.rint} rounds to nearest
	 * even exactly (scaling by a power of two is exact). The values here are far below binary16's overflow.
	 */
	private static double roundToHalf(double value) {
		int exponent = Math.max(Math.getExponent(value), -14);
		double step = Math.scalb(1.0, exponent - 10);
		return Math.copySign(Math.rint(Math.abs(value) / step) * step, value);
	}

	private static TensorSpec spec(TensorGenerator generator, Distribution distribution, DType dtype) {
		XavierParameters parameters = XavierParameters.of(new Fans(64, 64), Mode.FAN_AVG, 1.0);
		return new TensorSpec(Region.all(Shape.of(256, 256)), dtype, distribution, Layout.TORCH, parameters, 12345,
				null, generator);
	}

}
