package io.glorot.histogram;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.glorot.init.Distribution;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link WeightHistograms}: the chunked, one-pass histogram agrees with the values read directly.
 */
class WeightHistogramsTests {

	/** GET /v1/weights?shape=3,4&seed=42: the float32 values of the canonical generator. */
	private static final float[] SHAPE_3_4_SEED_42 = { 0.20916106f, -0.058166467f, -0.7902213f, -0.29466715f,
			0.90307945f, -0.3202164f, 0.02574918f, -0.08459107f, 0.60338813f, 0.2931434f, 0.19024484f, 0.5065804f };

	@Test
	void ofWhenKnownTensorShouldCountItsValues() {
		TensorSpec spec = TestTensors.spec(Distribution.UNIFORM, DType.FLOAT32, 42, null, 3, 4);
		Histogram histogram = WeightHistograms.of(spec, 10);
		double bound = spec.parameters().bound();
		long[] expected = new long[10];
		for (float value : SHAPE_3_4_SEED_42) {
			expected[(int) ((value + bound) / (2 * bound) * 10)]++;
		}
		assertThat(histogram.counts()).containsExactly(expected);
		assertThat(histogram.min()).isEqualTo(-0.7902213f);
		assertThat(histogram.max()).isEqualTo(0.90307945f);
	}

	@ParameterizedTest
	@EnumSource(Distribution.class)
	void ofWhenFixedSeedShouldMatchStatisticsComputedDirectly(Distribution distribution) {
		// 3 chunks and a part: the chunked reading must see every value once
		TensorSpec spec = TestTensors.spec(distribution, DType.FLOAT32, 7, "layer1.weight", 200, 250);
		Histogram histogram = WeightHistograms.of(spec, 50);
		double[] values = TestTensors.values(spec);
		double mean = Arrays.stream(values).sum() / values.length;
		double variance = Arrays.stream(values).map((v) -> (v - mean) * (v - mean)).sum() / values.length;
		assertThat(histogram.count()).isEqualTo(50_000);
		assertThat(histogram.mean()).isCloseTo(mean, within(1e-15));
		assertThat(histogram.std()).isCloseTo(Math.sqrt(variance), within(1e-13));
		assertThat(histogram.min()).isEqualTo(Arrays.stream(values).min().getAsDouble());
		assertThat(histogram.max()).isEqualTo(Arrays.stream(values).max().getAsDouble());
		long[] expected = new long[50];
		long outside = 0;
		for (double value : values) {
			if (value < histogram.low() || value > histogram.high()) {
				outside++;
			}
			else {
				expected[Math.min(49, (int) ((value - histogram.low()) / histogram.binWidth()))]++;
			}
		}
		assertThat(histogram.counts()).containsExactly(expected);
		assertThat(histogram.underflow() + histogram.overflow()).isEqualTo(outside);
		// and the sample is what the distribution says, within 3% of std for 50000 values
		assertThat(histogram.std()).isCloseTo(spec.parameters().std(), within(0.03 * spec.parameters().std()));
	}

	@Test
	void ofWhenBfloat16ShouldCountTheRoundedValues() {
		TensorSpec spec = TestTensors.spec(Distribution.NORMAL, DType.BFLOAT16, 42, null, 64, 64);
		Histogram histogram = WeightHistograms.of(spec, 50);
		double[] values = TestTensors.values(spec);
		// bfloat16 values have 8 significant bits: every one is a float whose low 16 bits are zero
		assertThat(Arrays.stream(values).filter((v) -> (Float.floatToIntBits((float) v) & 0xFFFF) != 0)).isEmpty();
		assertThat(histogram.max()).isEqualTo(Arrays.stream(values).max().getAsDouble());
		assertThat(histogram.mean()).isCloseTo(Arrays.stream(values).average().getAsDouble(), within(1e-15));
	}

	@Test
	void ofWhenSliceShouldCountTheSameElementsAsTheWholeTensor() {
		Shape shape = Shape.of(40, 30);
		TensorSpec whole = TestTensors.spec(Region.all(shape), Distribution.UNIFORM, DType.FLOAT64, 3, null);
		TensorSpec slice = TestTensors.spec(Region.of(shape, new long[] { 10, 5 }, new long[] { 20, 25 }),
				Distribution.UNIFORM, DType.FLOAT64, 3, null);
		double[] all = TestTensors.values(whole);
		Histogram histogram = WeightHistograms.of(slice, 20);
		Histogram direct = new Histogram(histogram.low(), histogram.high(), 20);
		for (int row = 10; row < 20; row++) {
			direct.add(all, row * 30 + 5, 20);
		}
		assertThat(histogram.count()).isEqualTo(200);
		assertThat(histogram.counts()).containsExactly(direct.counts());
		assertThat(histogram.mean()).isEqualTo(direct.mean());
	}

}
