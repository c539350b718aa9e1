package io.glorot.testing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RandomCasesTests {

	@Test
	void checkShouldRunEveryCaseAndDrawTheSameCasesEachRun() {
		List<Long> first = new ArrayList<>();
		List<Long> second = new ArrayList<>();
		RandomCases.check(100, (draw) -> first.add(draw.anyLong()));
		RandomCases.check(100, (draw) -> second.add(draw.anyLong()));
		assertThat(first).hasSize(100).isEqualTo(second);
		assertThat(first.stream().distinct().count()).isGreaterThan(80);
	}

	@Test
	void checkWhenCaseFailsShouldNameSeedCaseAndDrawnValues() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> RandomCases.check(1000, (draw) -> {
			int value = draw.intBetween(0, 9);
			assertThat(value).isNotEqualTo(9);
		}))
			.withMessageContaining("RandomCasesTests.checkWhenCaseFailsShouldNameSeedCaseAndDrawnValues failed on case")
			.withMessageContaining("rerun with -Dglorot.cases.seed=")
			.withMessageContaining("drawn: [9]");
	}

	@Test
	void drawsShouldStayInRangeAndReachBothEnds() {
		boolean[] seen = new boolean[4];
		RandomCases.check(1000, (draw) -> {
			long value = draw.longBetween(Long.MAX_VALUE - 2, Long.MAX_VALUE);
			assertThat(value).isGreaterThanOrEqualTo(Long.MAX_VALUE - 2);
			int small = draw.intBetween(-1, 2);
			seen[small + 1] = true;
			double d = draw.doubleBetween(0.5, 0.75);
			assertThat(d).isBetween(0.5, 0.75);
		});
		assertThat(seen).containsOnly(true);
	}

}
