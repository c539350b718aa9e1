package io.glorot.random;

import org.junit.jupiter.api.Test;

import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VariatesTests {

	@Test
	void signedUnitShouldMapExtremeWordsInsideOpenInterval() {
		assertThat(Variates.signedUnit(0)).isEqualTo(-1 + 0x1.0p-32);
		assertThat(Variates.signedUnit(-1)).isEqualTo(1 - 0x1.0p-32);
		assertThat(Variates.signedUnit(0x7FFFFFFF)).isEqualTo(-0x1.0p-32);
		assertThat(Variates.signedUnit(0x80000000)).isEqualTo(0x1.0p-32);
	}

	@Test
	void signedUnitShouldBeAntisymmetricUnderComplement() {
		RandomCases.check(1000, (draw) -> {
			int w = draw.anyInt();
			assertThat(Variates.signedUnit(~w)).isEqualTo(-Variates.signedUnit(w));
		});
	}

	@Test
	void uniformShouldStayStrictlyInsideBound() {
		double bound = 0.08838834764831843;
		RandomCases.check(1000, (draw) -> assertThat(Math.abs(Variates.uniform(draw.anyInt(), bound))).isLessThan(bound));
	}

	@Test
	void boxMullerRadiusAndAngleShouldFollowSpecFormulas() {
		assertThat(Variates.boxMullerRadius(0)).isEqualTo(Math.sqrt(-2 * StrictMath.log(0.5 * 0x1.0p-32)));
		assertThat(Variates.boxMullerRadius(-1)).isEqualTo(Math.sqrt(-2 * StrictMath.log((0x1.0p32 - 0.5) * 0x1.0p-32)));
		assertThat(Variates.boxMullerAngle(0)).isZero();
		assertThat(Variates.boxMullerAngle(0x40000000)).isEqualTo(6.283185307179586 / 4);
	}

	// Reference quantiles from Python 3.11's statistics.NormalDist().inv_cdf(p), the same algorithm (AS241)
	// evaluated from p rather than from p - 1/2, so agreement is to a few ulps, not bits.
	@Test
	void inverseNormalShouldMatchReferenceQuantiles() {
		assertThat(InverseNormal.fromCentered(0.0)).isZero();
		assertThat(InverseNormal.fromCentered(0.1)).isCloseTo(0.2533471031357998, within(1e-15));
		assertThat(InverseNormal.fromCentered(0.4)).isCloseTo(1.2815515655446008, within(1e-15));
		assertThat(InverseNormal.fromCentered(-0.4)).isCloseTo(-1.2815515655446008, within(1e-15));
		assertThat(InverseNormal.fromCentered(0.475)).isCloseTo(1.9599639845400536, within(1e-15));
		assertThat(InverseNormal.fromCentered(-0.2)).isCloseTo(-0.5244005127080407, within(1e-15));
		assertThat(InverseNormal.fromCentered(-Variates.HALF_MASS_WITHIN_TWO)).isCloseTo(-2.0, within(1e-15));
	}

	/**
	 * The far tail of AS241 (tail probability below e^-25), which truncated normals never reach: reference values
	 * from Python 3.11's NormalDist().inv_cdf(0.5 + q) (the same algorithm, so a few ulps apart at most), and
	 * symmetry.
	 */
	@Test
	void inverseNormalShouldMatchReferenceQuantilesInTheFarTail() {
		assertThat(InverseNormal.fromCentered(-0x1.fffffffffb9a2p-2)).isCloseTo(-7.0344869100478356, within(1e-14));
		assertThat(InverseNormal.fromCentered(-0x1.fffffffffffffp-2)).isCloseTo(-8.292361075813595, within(1e-14));
		assertThat(InverseNormal.fromCentered(-0x1.ffffffffff8f7p-2)).isCloseTo(-7.34882874820231, within(1e-14));
		assertThat(InverseNormal.fromCentered(-0x1.fffffffe48320p-2)).isCloseTo(-6.361340889697421, within(1e-14));
		assertThat(InverseNormal.fromCentered(0x1.fffffffffb9a2p-2)).isEqualTo(-InverseNormal.fromCentered(-0x1.fffffffffb9a2p-2));
	}

	@Test
	void truncatedNormalShouldStayWithinTwoUnderlyingStandardDeviations() {
		double std = 0.125;
		double limit = 2 * std / Variates.TRUNCATED_STD;
		RandomCases.check(1000,
				(draw) -> assertThat(Math.abs(Variates.truncatedNormal(draw.anyInt(), std))).isLessThan(limit));
	}

	@Test
	void truncatedNormalShouldBeMonotoneInWord() {
		RandomCases.check(1000, (draw) -> {
			int w = draw.anyInt();
			long u = w & 0xFFFFFFFFL;
			if (u < 0xFFFFFFFFL) {
				assertThat(Variates.truncatedNormal((int) (u + 1), 1.0)).isGreaterThan(Variates.truncatedNormal(w, 1.0));
			}
		});
	}

	/** Spec §3: the normal pair is {@code std * r * cos(theta)} and {@code std * r * sin(theta)}, in that order. */
	@Test
	void normalPairShouldBeRadiusTimesCosineAndSine() {
		RandomCases.check(1000, (draw) -> {
			int wa = draw.anyInt();
			int wb = draw.anyInt();
			double r = Variates.boxMullerRadius(wa);
			double theta = Variates.boxMullerAngle(wb);
			assertThat(Variates.normalCos(wa, wb, 0.25)).isEqualTo(0.25 * (r * StrictMath.cos(theta)));
			assertThat(Variates.normalSin(wa, wb, 0.25)).isEqualTo(0.25 * (r * StrictMath.sin(theta)));
		});
	}

	@Test
	void uniformShouldScaleSignedUnitByBound() {
		assertThat(Variates.uniform(0, 2.0)).isEqualTo(2 * (-1 + 0x1.0p-32));
		assertThat(Variates.uniform(-1, 0.5)).isEqualTo(0.5 * (1 - 0x1.0p-32));
		assertThat(Variates.truncatedNormal(0x80000000, 1.0)).isPositive().isLessThan(1e-8);
		assertThat(Variates.truncatedNormal(0x7FFFFFFF, 1.0)).isNegative().isGreaterThan(-1e-8);
	}

}
