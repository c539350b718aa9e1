package io.glorot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Property tests in plain JUnit Jupiter: a body run over many random cases from a seeded generator.
 *
 * <p>
 * The seed is fixed by default (derived from the test's class and method name), so every run, CI and PIT alike,
 * checks the same cases. {@code -Dglorot.cases.seed=N} replays the cases of seed {@code N};
 * {@code -Dglorot.cases.seed=random} draws a fresh seed each run to explore. A failing case is reported with its
 * seed, its index and every value it drew.
 *
 * <p>
 * Like a property-testing library, the draws mix edge values (0, ±1, the type's limits, a range's ends, NaN and the
 * infinities for the unbounded floating-point draws) into the uniform ones, about one draw in ten.
 */
public final class RandomCases {

	/** The system property that sets the seed: a number (decimal or 0x hex), or {@code random}. */
	public static final String SEED_PROPERTY = "glorot.cases.seed";

	private static final int EDGE_ONE_IN = 10;

	private RandomCases() {
	}

	/** One case's check, given the values it draws. */
	@FunctionalInterface
	public interface Body {

		void check(Draw draw) throws Exception;

	}

	/**
	 * Runs {@code body} over {@code cases} random cases; the first failing case fails the test with the seed that
	 * reproduces it.
	 */
	public static void check(int cases, Body body) {
		StackWalker.StackFrame caller = StackWalker.getInstance()
			.walk((frames) -> frames.skip(1).findFirst().orElseThrow());
		// a check inside a lambda is named after the method that holds the lambda
		String name = caller.getClassName() + "." + caller.getMethodName().replaceAll("^lambda\\$(.*)\\$\\d+$", "$1");
		long seed = seed(name);
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < cases; i++) {
			Draw draw = new Draw(random.split());
			try {
				body.check(draw);
			}
			catch (Throwable failure) {
				throw new AssertionError("%s failed on case %d of %d; seed %d (rerun with -D%s=%d); drawn: %s: %s"
					.formatted(name, i + 1, cases, seed, SEED_PROPERTY, seed, draw.drawn, failure.getMessage()), failure);
			}
		}
	}

	private static long seed(String name) {
		String configured = System.getProperty(SEED_PROPERTY, "").strip();
		if (configured.equals("random")) {
			return new SplittableRandom().nextLong();
		}
		if (!configured.isEmpty()) {
			return configured.startsWith("0x") ? Long.parseUnsignedLong(configured.substring(2), 16)
					: Long.parseLong(configured);
		}
		// a fixed seed per property, so that two properties do not draw the same cases
		long h = 0x9E3779B97F4A7C15L;
		for (int i = 0; i < name.length(); i++) {
			h = (h ^ name.charAt(i)) * 0x100000001B3L;
		}
		return h;
	}

	/** The values one case draws; each is recorded for the failure message. */
	public static final class Draw {

		private static final int[] INT_EDGES = { 0, 1, -1, 2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE,
				Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1 };

		private static final long[] LONG_EDGES = { 0, 1, -1, 2, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
				Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFFFFL, 0x1_0000_0000L };

		private static final double[] DOUBLE_EDGES = { 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, Double.MIN_VALUE,
				-Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
				Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };

		private static final float[] FLOAT_EDGES = { 0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.5f, Float.MIN_VALUE,
				-Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.NaN,
				Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };

		private final SplittableRandom random;

		private final List<Object> drawn = new ArrayList<>();

		Draw(SplittableRandom random) {
			this.random = random;
		}

		private boolean edge() {
			return this.random.nextInt(EDGE_ONE_IN) == 0;
		}

		private <T> T record(T value) {
			this.drawn.add(value);
			return value;
		}

		/** Any int. */
		public int anyInt() {
			return record(edge() ? INT_EDGES[this.random.nextInt(INT_EDGES.length)] : this.random.nextInt());
		}

		/** Any long. */
		public long anyLong() {
			return record(edge() ? LONG_EDGES[this.random.nextInt(LONG_EDGES.length)] : this.random.nextLong());
		}

		/** An int in {@code [min, max]}, both ends included. */
		public int intBetween(int min, int max) {
			return (int) longBetween(min, max);
		}

		/** A long in {@code [min, max]}, both ends included. */
		public long longBetween(long min, long max) {
			if (min > max) {
				throw new IllegalArgumentException("min " + min + " > max " + max);
			}
			if (edge()) {
				return record(this.random.nextBoolean() ? min : max);
			}
			long span = max - min + 1;
			if (span > 0) {
				return record(min + this.random.nextLong(span));
			}
			long value;
			do {
				value = this.random.nextLong();
			}
			while (value < min || value > max);
			return record(value);
		}

		/** A double in {@code [min, max]}, both ends included. */
		public double doubleBetween(double min, double max) {
			if (edge()) {
				return record(this.random.nextBoolean() ? min : max);
			}
			return record(Math.min(max, min + this.random.nextDouble() * (max - min)));
		}

		/**
		 * Any double: edge values, arbitrary bit patterns (mostly huge or tiny), and values of moderate magnitude
		 * (2^-40 to 2^40, either sign) with a full random significand.
		 */
		public double anyDouble() {
			int kind = this.random.nextInt(EDGE_ONE_IN);
			if (kind == 0) {
				return record(DOUBLE_EDGES[this.random.nextInt(DOUBLE_EDGES.length)]);
			}
			if (kind <= 3) {
				return record(Double.longBitsToDouble(this.random.nextLong()));
			}
			double magnitude = Math.scalb(1 + this.random.nextDouble(), this.random.nextInt(-40, 41));
			return record(this.random.nextBoolean() ? magnitude : -magnitude);
		}

		/** Any float, drawn as {@link #anyDouble()} is. */
		public float anyFloat() {
			int kind = this.random.nextInt(EDGE_ONE_IN);
			if (kind == 0) {
				return record(FLOAT_EDGES[this.random.nextInt(FLOAT_EDGES.length)]);
			}
			if (kind <= 3) {
				return record(Float.intBitsToFloat(this.random.nextInt()));
			}
			float magnitude = Math.scalb(1 + this.random.nextFloat(), this.random.nextInt(-40, 41));
			return record(this.random.nextBoolean() ? magnitude : -magnitude);
		}

		/** A value of a generator of structured values. */
		public <T> T from(Gen<T> gen) {
			return record(gen.next(this.random));
		}

		/** true or false. */
		public boolean anyBoolean() {
			return record(this.random.nextBoolean());
		}

		/** One of the constants of an enum. */
		public <E extends Enum<E>> E anyOf(Class<E> type) {
			E[] constants = type.getEnumConstants();
			return record(constants[this.random.nextInt(constants.length)]);
		}

		/** {@code count} longs, each in {@code [min, max]}. */
		public long[] longsBetween(int count, long min, long max) {
			long[] values = new long[count];
			for (int i = 0; i < count; i++) {
				values[i] = longBetween(min, max);
			}
			return values;
		}

	}

}
