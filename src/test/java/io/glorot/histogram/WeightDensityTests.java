package io.glorot.histogram;

import org.junit.jupiter.api.Test;

import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link WeightDensity}: ranges, densities and masses against closed forms.
 */
class WeightDensityTests {

	/** fans 512 and 256, fan_avg, gain 1: std = sqrt(2 / 768). */
	private static final XavierParameters PARAMETERS = XavierParameters.of(new Fans(512, 256), Mode.FAN_AVG, 1.0);

	private static final double STD = Math.sqrt(2.0 / 768);

	/** Φ(1) - Φ(-1), to 16 digits. */
	private static final double NORMAL_MASS_WITHIN_ONE = 0.6826894921370859;

	/** Φ(4) - Φ(-4). */
	private static final double NORMAL_MASS_WITHIN_FOUR = 0.9999366575163338;

	/** Φ(2) - Φ(-2), the truncated normal's renormalisation. */
	private static final double NORMAL_MASS_WITHIN_TWO = 0.9544997361036416;

	@Test
	void uniformShouldBeFlatOverTheBound() {
		WeightDensity density = WeightDensity.of(Distribution.UNIFORM, PARAMETERS);
		double bound = Math.sqrt(3.0) * STD;
		assertThat(density.low()).isEqualTo(-PARAMETERS.bound());
		assertThat(density.high()).isCloseTo(bound, within(1e-15));
		assertThat(density.at(0)).isCloseTo(1 / (2 * bound), within(1e-12));
		assertThat(density.at(0.99 * bound)).isEqualTo(density.at(0));
		assertThat(density.at(1.01 * bound)).isZero();
		assertThat(density.mass(density.low(), density.high())).isCloseTo(1.0, within(1e-15));
	}

	@Test
	void normalShouldSpanFourStdAndMatchTheGaussian() {
		WeightDensity density = WeightDensity.of(Distribution.NORMAL, PARAMETERS);
		assertThat(density.high()).isCloseTo(4 * STD, within(1e-15));
		assertThat(density.low()).isEqualTo(-density.high());
		assertThat(density.at(0)).isCloseTo(1 / (STD * Math.sqrt(2 * Math.PI)), within(1e-9));
		assertThat(density.at(STD) / density.at(0)).isCloseTo(Math.exp(-0.5), within(1e-15));
		assertThat(density.mass(-STD, STD)).isCloseTo(NORMAL_MASS_WITHIN_ONE, within(1e-8));
		assertThat(density.mass(5 * STD, 6 * STD)).isZero();
		double total = 0;
		for (int i = 0; i < 8; i++) {
			total += density.mass(-4 * STD + i * STD, -3 * STD + i * STD);
		}
		assertThat(total).isCloseTo(NORMAL_MASS_WITHIN_FOUR, within(1e-8));
	}

	@Test
	void truncatedNormalShouldBeTheRenormalisedNormalCutAtTwoSigmaPrime() {
		WeightDensity density = WeightDensity.of(Distribution.TRUNCATED_NORMAL, PARAMETERS);
		double sigma = STD / 0.87962566103423978;
		assertThat(density.underlyingStd()).isCloseTo(sigma, within(1e-15));
		assertThat(density.high()).isCloseTo(2 * sigma, within(1e-15));
		assertThat(density.high()).isEqualTo(PARAMETERS.truncationBound());
		assertThat(density.at(0)).isCloseTo(1 / (sigma * Math.sqrt(2 * Math.PI)) / NORMAL_MASS_WITHIN_TWO,
				within(1e-9));
		assertThat(density.at(2.001 * sigma)).isZero();
		double total = 0;
		for (int i = 0; i < 4; i++) {
			total += density.mass(-2 * sigma + i * sigma, -sigma + i * sigma);
		}
		assertThat(total).isCloseTo(1.0, within(1e-8));
		// a bin reaching past the cut holds only the mass within it
		assertThat(density.mass(sigma, 3 * sigma)).isCloseTo(density.mass(sigma, 2 * sigma), within(1e-15));
	}

	@Test
	void marksShouldNameTheBoundOrCutAndStd() {
		assertThat(WeightDensity.of(Distribution.UNIFORM, PARAMETERS).marks()).extracting(WeightDensity.Mark::x)
			.containsExactly(-PARAMETERS.bound(), -STD, STD, PARAMETERS.bound());
		assertThat(WeightDensity.of(Distribution.TRUNCATED_NORMAL, PARAMETERS).marks())
			.extracting(WeightDensity.Mark::label)
			.containsExactly("-2\u03c3' cut", "-std", "+std", "+2\u03c3' cut");
	}

}
