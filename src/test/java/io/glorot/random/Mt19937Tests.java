package io.glorot.random;

import org.junit.jupiter.api.Test;

import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MT19937 against the reference {@code mt19937ar.c} outputs, and skipping against drawing.
 */
class Mt19937Tests {

	@Test
	void initByArrayShouldGiveTheReferenceOutput() {
		// mt19937ar.out: init_by_array({0x123, 0x234, 0x345, 0x456}), first outputs of genrand_int32()
		Mt19937 mt = Mt19937.byArray(new int[] { 0x123, 0x234, 0x345, 0x456 });
		assertThat(Integer.toUnsignedLong(mt.next32())).isEqualTo(1067595299L);
		assertThat(Integer.toUnsignedLong(mt.next32())).isEqualTo(955945823L);
		assertThat(Integer.toUnsignedLong(mt.next32())).isEqualTo(477289528L);
	}

	@Test
	void seed5489ShouldGiveTheKnownFirstWord() {
		// std::mt19937 default seed 5489: the 10000th output is 4123659995 (C++ standard, [rand.predef])
		Mt19937 mt = new Mt19937(5489);
		mt.skip(9999);
		assertThat(Integer.toUnsignedLong(mt.next32())).isEqualTo(4123659995L);
	}

	@Test
	void skipShouldEqualDrawing() {
		Mt19937 drawn = new Mt19937(42);
		Mt19937 skipped = new Mt19937(42);
		for (int i = 0; i < 1300; i++) {
			drawn.next32();
		}
		skipped.skip(1000);
		skipped.skip(300);
		assertThat(skipped.position()).isEqualTo(1300);
		assertThat(skipped.next64()).isEqualTo(drawn.next64());
	}

	/** Skipping any count, from any position, lands where drawing that many words does (across twists too). */
	@Test
	void anySkipShouldEqualDrawingFromAnyPosition() {
		RandomCases.check(200, (draw) -> {
			int seed = draw.anyInt();
			int before = draw.intBetween(0, 700);
			int count = draw.intBetween(0, 1400);
			Mt19937 drawn = new Mt19937(seed);
			Mt19937 skipped = new Mt19937(seed);
			for (int i = 0; i < before; i++) {
				drawn.next32();
				skipped.next32();
			}
			for (int i = 0; i < count; i++) {
				drawn.next32();
			}
			skipped.skip(count);
			assertThat(skipped.position()).isEqualTo(before + count).isEqualTo(drawn.position());
			assertThat(skipped.next32()).isEqualTo(drawn.next32());
		});
	}

	@Test
	void next64ShouldPutTheFirstWordHigh() {
		Mt19937 words = new Mt19937(7);
		long high = words.next32() & 0xFFFFFFFFL;
		long low = words.next32() & 0xFFFFFFFFL;
		Mt19937 wide = new Mt19937(7);
		assertThat(wide.next64()).isEqualTo((high << 32) | low);
		assertThat(wide.position()).isEqualTo(2);
	}

}
