package io.glorot.random;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link Fdlibm}'s {@code log}, {@code sin}, {@code cos} and {@code sinCos} against {@link StrictMath}, bit for bit:
 * the special and boundary arguments, and a seeded random sample of each region the generator and the general
 * domain have. {@code bench/bitcheck.sh} runs the same comparison on the generator's whole domain and 10^9 random
 * arguments.
 */
class FdlibmBitIdentityTests {

	private static final long SEED = 0x12_0001L;

	private static final int SAMPLE = 300_000;

	@Test
	void logEqualsStrictMathOnSpecialAndBoundaryArguments() {
		for (double x : FdlibmChecks.specialArguments()) {
			FdlibmChecks.checkLog(x);
		}
	}

	@Test
	void sinCosEqualsStrictMathOnSpecialAndBoundaryArguments() {
		for (double x : FdlibmChecks.specialArguments()) {
			FdlibmChecks.checkSinCos(x);
		}
	}

	@Test
	void logEqualsStrictMathOnRandomArguments() {
		SplittableRandom random = new SplittableRandom(SEED);
		for (int i = 0; i < SAMPLE; i++) {
			FdlibmChecks.checkLog(FdlibmChecks.randomLogArgument(random));
		}
	}

	@Test
	void sinCosEqualsStrictMathOnRandomArguments() {
		SplittableRandom random = new SplittableRandom(SEED + 1);
		for (int i = 0; i < SAMPLE; i++) {
			FdlibmChecks.checkSinCos(FdlibmChecks.randomAngle(random));
		}
	}

	@Test
	void generatorDomainSampleEqualsStrictMath() {
		SplittableRandom random = new SplittableRandom(SEED + 2);
		for (int i = 0; i < SAMPLE; i++) {
			int w = random.nextInt();
			FdlibmChecks.checkLog(((w & 0xFFFFFFFFL) + 0.5) * 0x1.0p-32);
			FdlibmChecks.checkSinCos(Variates.boxMullerAngle(w));
		}
		// the words at the ends of the domain, and the angles of the reduction's edge cases
		for (long w = 0; w < 4096; w++) {
			for (long word : new long[] { w, 0xFFFFFFFFL - w, 0x80000000L + w - 2048, 0x40000000L + w - 2048,
					0xC0000000L + w - 2048 }) {
				FdlibmChecks.checkLog(((word & 0xFFFFFFFFL) + 0.5) * 0x1.0p-32);
				FdlibmChecks.checkSinCos(Variates.boxMullerAngle((int) word));
			}
		}
	}

	@Test
	void reductionThresholdsAreTheConversionsSteps() {
		for (int m = 1; m <= 8; m++) {
			double t = Fdlibm.reductionThreshold(m);
			assertThat((int) (t * Fdlibm.INVPIO2 + 0.5)).as("at threshold %d", m).isGreaterThanOrEqualTo(m);
			assertThat((int) (Math.nextDown(t) * Fdlibm.INVPIO2 + 0.5)).as("below threshold %d", m).isLessThan(m);
		}
	}

	@Test
	void theChecksCanFail() {
		try {
			FdlibmChecks.compare("log", 1.0, 0.5, Math.nextUp(0.5));
		}
		catch (AssertionError expected) {
			return;
		}
		fail("a one-ulp difference passed");
	}

}
