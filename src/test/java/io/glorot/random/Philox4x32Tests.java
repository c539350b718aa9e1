package io.glorot.random;

import java.util.stream.Stream;

import org.apache.commons.rng.core.source32.Philox4x32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;

class Philox4x32Tests {

	// Random123 kat_vectors for philox4x32_R(10), as listed in shared/spec/canonical-generator.md §1:
	// counter (c0..c3), key (k0, k1) -> result (w0..w3).
	static Stream<Arguments> randomKnownAnswers() {
		return Stream.of(
				Arguments.of(new int[] { 0, 0, 0, 0 }, new int[] { 0, 0 },
						new int[] { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 }),
				Arguments.of(new int[] { -1, -1, -1, -1 }, new int[] { -1, -1 },
						new int[] { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd }),
				Arguments.of(new int[] { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 },
						new int[] { 0xa4093822, 0x299f31d0 },
						new int[] { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 }));
	}

	@ParameterizedTest
	@MethodSource
	void randomKnownAnswers(int[] counter, int[] key, int[] expected) {
		int[] out = new int[4];
		io.glorot.random.Philox4x32.block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 0);
		assertThat(out).containsExactly(expected);
	}

	@Test
	void blockWhenBlockNumberPassesTwoToThe32ShouldCarryIntoSecondCounterWord() {
		PhiloxKey key = PhiloxKey.fromSeed(42);
		int[] viaBlockNumber = new int[4];
		int[] viaWords = new int[4];
		io.glorot.random.Philox4x32.block(key, 7, 0x1_0000_0000L, viaBlockNumber, 0);
		io.glorot.random.Philox4x32.block(0, 1, 7, 0, 42, 0, viaWords, 0);
		assertThat(viaBlockNumber).containsExactly(viaWords);
	}

	@Test
	void fromSeedShouldSplitLowAndHighWords() {
		assertThat(PhiloxKey.fromSeed(0x0123456789ABCDEFL)).isEqualTo(new PhiloxKey(0x89ABCDEF, 0x01234567));
		assertThat(PhiloxKey.fromSeed(-1L)).isEqualTo(new PhiloxKey(-1, -1));
	}

	/**
	 * Cross-checks every block against an independent implementation, commons-rng 1.7's {@code Philox4x32}, which
	 * advances its 128-bit counter before its first block: seeded with counter {@code c - 1} it returns block
	 * {@code c} first.
	 */
	@Test
	void blockShouldEqualCommonsRng() {
		RandomCases.check(500, (draw) -> blockShouldEqualCommonsRng(draw.anyLong(), draw.anyLong(), draw.anyLong()));
	}

	private static void blockShouldEqualCommonsRng(long seed, long stream, long block) {
		long b = block >>> 2;
		int[] ours = new int[4];
		io.glorot.random.Philox4x32.block(PhiloxKey.fromSeed(seed), stream, b, ours, 0);
		int[] counter = minusOne(new int[] { (int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32) });
		Philox4x32 theirs = new Philox4x32(
				new int[] { (int) seed, (int) (seed >>> 32), counter[0], counter[1], counter[2], counter[3] });
		assertThat(new int[] { theirs.nextInt(), theirs.nextInt(), theirs.nextInt(), theirs.nextInt() })
			.containsExactly(ours);
	}

	/** Subtracts one from a 128-bit little-endian counter of four words. */
	private static int[] minusOne(int[] words) {
		for (int i = 0; i < 4; i++) {
			words[i]--;
			if (words[i] != -1) {
				break;
			}
		}
		return words;
	}

}
