package io.glorot.histogram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link Histogram}.
 */
class HistogramTests {

	@Test
	void addWhenValuesOnEdgesShouldCountAsNumpyDoes() {
		Histogram histogram = new Histogram(-1.0, 1.0, 4);
		// bins [-1, -0.5), [-0.5, 0), [0, 0.5), [0.5, 1]; outside: below -1, above 1
		for (double x : new double[] { -1.0, -0.75, -0.5, 0.0, 0.25, 0.5, 1.0, -1.5, 1.0000001, 2 }) {
			histogram.add(x);
		}
		assertThat(histogram.counts()).containsExactly(2, 1, 2, 2);
		assertThat(histogram.underflow()).isEqualTo(1);
		assertThat(histogram.overflow()).isEqualTo(2);
		assertThat(histogram.count()).isEqualTo(10);
		assertThat(histogram.min()).isEqualTo(-1.5);
		assertThat(histogram.max()).isEqualTo(2.0);
		assertThat(histogram.peak()).isEqualTo(2);
	}

	@Test
	void statisticsWhenKnownValuesShouldBePopulationMeanAndStd() {
		Histogram histogram = new Histogram(0, 10, 10);
		histogram.add(new double[] { 2, 4, 4, 4, 5, 5, 7, 9 }, 0, 8);
		// the textbook example: mean 5, population standard deviation 2
		assertThat(histogram.mean()).isEqualTo(5.0);
		assertThat(histogram.std()).isCloseTo(2.0, within(1e-15));
	}

	@Test
	void statisticsWhenEmptyShouldBeNaN() {
		Histogram histogram = new Histogram(0, 1, 10);
		assertThat(histogram.count()).isZero();
		assertThat(histogram.mean()).isNaN();
		assertThat(histogram.std()).isNaN();
		assertThat(histogram.min()).isNaN();
		assertThat(histogram.max()).isNaN();
	}

	@Test
	void edgesShouldSpanTheRangeExactly() {
		Histogram histogram = new Histogram(-0.3, 0.7, 10);
		assertThat(histogram.edge(0)).isEqualTo(-0.3);
		assertThat(histogram.edge(10)).isEqualTo(0.7);
		assertThat(histogram.edge(5)).isCloseTo(0.2, within(1e-15));
		assertThat(histogram.binWidth()).isCloseTo(0.1, within(1e-15));
	}

	@Test
	void addWhenNaNShouldThrow() {
		Histogram histogram = new Histogram(0, 1, 10);
		assertThatIllegalArgumentException().isThrownBy(() -> histogram.add(Double.NaN));
	}

	@Test
	void constructWhenRangeOrBinsInvalidShouldThrow() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Histogram(1, 1, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new Histogram(0, Double.POSITIVE_INFINITY, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new Histogram(0, 1, 0));
	}

}
