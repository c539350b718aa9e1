package io.glorot.generator.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * Jumps far beyond what drawing could check (2^40, 2^62 + 12345, 2^63 - 1) land on NumPy's own state:
	 * {@code np.random.PCG64(seed).advance(delta)} in NumPy 1.24.2, recorded with its next four outputs by
	 * scripts/make_pcg64_advance_fixtures.py.
	 */
	@Test
	void advanceShouldEqualNumpyAdvance() throws IOException {
		JsonNode fixture;
		try (InputStream in = Pcg64Tests.class.getResourceAsStream("/io/glorot/generator/numpy/pcg64-advance.json")) {
			fixture = JsonMapper.builder().build().readTree(in);
		}
		assertThat(fixture.get("numpy").stringValue()).isEqualTo(NumpyGenerator.NUMPY_VERSION);
		List<String> checked = new ArrayList<>();
		for (JsonNode c : fixture.get("cases")) {
			Pcg64 pcg = Pcg64.seeded(new BigInteger(c.get("seed").stringValue()));
			long delta = Long.parseLong(c.get("delta").stringValue());
			pcg.advance(delta);
			BigInteger state = new BigInteger(c.get("state").stringValue(), 16);
			BigInteger inc = new BigInteger(c.get("inc").stringValue(), 16);
			String description = "seed " + c.get("seed").stringValue() + " advanced by " + delta;
			assertThat(pcg.state()).as(description)
				.containsExactly(state.shiftRight(64).longValue(), state.longValue(), inc.shiftRight(64).longValue(),
						inc.longValue());
			for (JsonNode next : c.get("next")) {
				assertThat(pcg.next64()).as(description).isEqualTo(Long.parseUnsignedLong(next.stringValue(), 16));
			}
			checked.add(description);
		}
		assertThat(checked).hasSize(12);
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
