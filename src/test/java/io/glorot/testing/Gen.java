package io.glorot.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A way to draw one kind of random value, for cases too structured for {@link RandomCases.Draw}'s own methods
 * (request texts, JSON bodies, lists): {@link RandomCases.Draw#from(Gen)} draws from it and records the value for
 * the failure message. Small combinators ({@link #map}, {@link #list}, {@link #oneOf}) build larger ones.
 * @param <T> what it draws
 */
@FunctionalInterface
public interface Gen<T> {

	/** Draws one value. */
	T next(SplittableRandom random);

	/** This draw with {@code mapper} applied. */
	default <R> Gen<R> map(Function<T, R> mapper) {
		return (random) -> mapper.apply(next(random));
	}

	/** Lists of 0 to {@code maxSize} draws. */
	default Gen<List<T>> list(int maxSize) {
		return (random) -> {
			int size = random.nextInt(maxSize + 1);
			List<T> list = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				list.add(next(random));
			}
			return list;
		};
	}

	/** One of {@code values}, each as likely. */
	@SafeVarargs
	static <T> Gen<T> of(T... values) {
		return (random) -> values[random.nextInt(values.length)];
	}

	/** One of {@code values}, each as likely. */
	static <T> Gen<T> of(List<T> values) {
		return (random) -> values.get(random.nextInt(values.size()));
	}

	/** A draw from one of {@code gens}, each as likely. */
	@SafeVarargs
	static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
		return (random) -> gens[random.nextInt(gens.length)].next(random);
	}

	/** An int in {@code [min, max]}. */
	static Gen<Integer> ints(int min, int max) {
		return (random) -> random.nextInt(min, max + 1);
	}

	/** true or false. */
	static Gen<Boolean> booleans() {
		return SplittableRandom::nextBoolean;
	}

	/** Integers between -bound and bound, small ones as often as large ones. */
	static Gen<BigInteger> bigIntegers(BigInteger bound) {
		return (random) -> {
			BigInteger value = new BigInteger(1 + random.nextInt(bound.bitLength()), new Random(random.nextLong()));
			value = value.min(bound);
			return random.nextBoolean() ? value : value.negate();
		};
	}

	/** Any double: random bits (every finite value, infinities and NaN) or a value near zero. */
	static Gen<Double> doubles() {
		return (random) -> switch (random.nextInt(4)) {
			case 0 -> Double.longBitsToDouble(random.nextLong());
			case 1 -> random.nextDouble(-1e6, 1e6);
			case 2 -> random.nextDouble(-2, 2);
			default -> (double) random.nextInt(-100, 101);
		};
	}

	/** Strings of any UTF-16 code units, surrogates and controls included. */
	static Gen<String> strings(int maxLength) {
		return (random) -> {
			int length = random.nextInt(maxLength + 1);
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000));
			}
			return text.toString();
		};
	}

	/** Strings of ASCII characters, controls included. */
	static Gen<String> asciiStrings(int maxLength) {
		return (random) -> {
			int length = random.nextInt(maxLength + 1);
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append((char) random.nextInt(0x80));
			}
			return text.toString();
		};
	}

}
