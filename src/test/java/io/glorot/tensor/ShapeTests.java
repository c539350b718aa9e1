package io.glorot.tensor;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.glorot.init.Fans;
import io.glorot.init.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ShapeTests {

	@Test
	void shapeShouldBeAValueWithApiText() {
		Shape shape = Shape.of(256, 3, 512);
		assertThat(shape.toCsv()).isEqualTo("256,3,512");
		assertThat(shape).hasToString("[256,3,512]");
		assertThat(shape).isEqualTo(Shape.of(256, 3, 512)).hasSameHashCodeAs(Shape.of(256, 3, 512));
		assertThat(shape).isNotEqualTo(Shape.of(256, 512, 3)).isNotEqualTo("256,3,512");
		assertThat(shape.hashCode()).isNotEqualTo(Shape.of(256, 512, 3).hashCode());
		assertThat(shape.elementCount()).isEqualTo(256L * 3 * 512);
		assertThat(shape.rank()).isEqualTo(3);
		assertThat(shape.dim(2)).isEqualTo(512);
	}

	@Test
	void ofShouldCopyDimensionsInAndOut() {
		long[] dims = { 2, 3 };
		Shape shape = Shape.of(dims);
		dims[0] = 7;
		shape.dims()[1] = 9;
		assertThat(shape.dims()).containsExactly(2, 3);
	}

	@Test
	void ofShouldAcceptOneToEightPositiveDimensions() {
		assertThat(Shape.of(1).elementCount()).isEqualTo(1);
		assertThat(Shape.of(1, 1, 1, 1, 1, 1, 1, 2).rank()).isEqualTo(Shape.MAX_RANK);
		assertThatIllegalArgumentException().isThrownBy(() -> Shape.of(3, -1))
			.withMessage("dimensions must be positive, got -1");
		assertThatIllegalArgumentException().isThrownBy(() -> Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1))
			.withMessage("a shape has 1 to 8 dimensions, got 9");
	}

	/** What a generator that overrides nothing but its version and values offers (spec §2, the canonical one). */
	@Test
	void generatorDefaultsShouldBeCanonicalArithmeticAnySeedAndElementCountCost() {
		TensorGenerator generator = new TensorGenerator() {

			@Override
			public String version() {
				return "test/v1";
			}

			@Override
			public ValueSource open(TensorSpec spec) {
				throw new UnsupportedOperationException();
			}

		};
		assertThat(generator.maxSeed()).isEqualTo(-1L);
		assertThat(generator.parameters(new Fans(3, 4), Mode.FAN_AVG, 2.0).std())
			.isEqualTo(io.glorot.init.XavierParameters.of(new Fans(3, 4), Mode.FAN_AVG, 2.0).std());
		Region region = Region.of(Shape.of(10, 10), new long[] { 2, 0 }, new long[] { 5, 10 });
		TensorSpec spec = new TensorSpec(region, DType.FLOAT32, io.glorot.init.Distribution.UNIFORM,
				io.glorot.init.Layout.TORCH, generator.parameters(new Fans(10, 10), Mode.FAN_AVG, 1.0), 7, "w",
				generator);
		assertThat(generator.cost(spec)).isEqualTo(30);
		assertThat(generator.exact(spec)).isTrue();
		generator.check(spec);
		assertThat(spec.fullShape()).isEqualTo(Shape.of(10, 10));
		assertThat(spec.valueBytes()).isEqualTo(120);
		assertThat(spec.seedText()).isEqualTo("7");
		assertThat(new TensorSpec(region, DType.FLOAT32, io.glorot.init.Distribution.UNIFORM,
				io.glorot.init.Layout.TORCH, spec.parameters(), -1, "w", generator).seedText())
			.isEqualTo("18446744073709551615");
		assertThat(spec.stream()).isNotZero().isEqualTo(io.glorot.random.StreamId.of("w"));
		ValueSource source = new ValueSource() {

			@Override
			public void fill(long from, float[] dst, int offset, int length) {
			}

			@Override
			public void fill(long from, double[] dst, int offset, int length) {
			}

		};
		assertThat(source.isRandomAccess()).isTrue();
	}

	@Test
	void unsupportedTensorExceptionShouldNameFieldAndSupportedValues() {
		List<String> supported = new java.util.ArrayList<>(List.of("float32", "float64"));
		UnsupportedTensorException ex = new UnsupportedTensorException("dtype", "no bfloat16 here", supported);
		supported.clear();
		assertThat(ex.field()).isEqualTo("dtype");
		assertThat(ex.supported()).containsExactly("float32", "float64");
		assertThat(ex).hasMessage("no bfloat16 here").isInstanceOf(IllegalArgumentException.class);
	}

}
