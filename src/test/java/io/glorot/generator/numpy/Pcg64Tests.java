package io.glorot.generator.numpy;

import java.math.BigInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PCG64's jump-ahead, which serves NumPy uniform slices: advancing by k equals drawing k times.
 */
class Pcg64Tests {

	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 2, 3, 255, 256, 1000, 4097 })
	void advanceShouldEqualDrawingThatManyTimes(long k) {
		Pcg64 drawn = Pcg64.seeded(new BigInteger("18446744073709551627"));
		Pcg64 jumped = drawn.copy();
		for (long i = 0; i < k; i++) {
			drawn.next64();
		}
		jumped.advance(k);
		assertThat(jumped.state()).containsExactly(drawn.state());
		assertThat(jumped.next64()).isEqualTo(drawn.next64());
	}

	@ParameterizedTest
	@ValueSource(longs = { 1L << 40, (1L << 62) + 12345 })
	void advancesShouldCompose(long k) {
		Pcg64 once = Pcg64.seeded(BigInteger.valueOf(42));
		Pcg64 twice = once.copy();
		once.advance(k + 7);
		twice.advance(k);
		twice.advance(7);
		assertThat(once.state()).containsExactly(twice.state());
	}

}
