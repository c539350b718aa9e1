package io.glorot.format;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.glorot.testing.ParallelRanges;

/**
 * The long check behind {@code bench/bitcheck.sh floats} (not part of the test suite): {@link ShortestDecimal}'s
 * text, written both through {@code writeFloat} into a tight array and in place ({@code writeFloatInPlace}, the JSON
 * writer's way), equals {@link Float#toString(float)} for the edge cases of {@code ShortestDecimalTests} and either
 * every one of the 2^32 float bit patterns ({@code args[2]} = {@code all}, the default) or {@code args[2]} random
 * ones, and {@link Double#toString(double)} for {@code args[0]} random doubles (default 10^9: random bit patterns,
 * so every exponent); random patterns come from a printed seed ({@code args[1]}). Any difference stops it with the
 * value.
 */
public final class ShortestDecimalBitCheck {

	private ShortestDecimalBitCheck() {
	}

	public static void main(String[] args) throws Exception {
		long doubles = (args.length > 0) ? Long.parseLong(args[0]) : 1_000_000_000L;
		long seed = (args.length > 1) ? Long.parseLong(args[1]) : System.nanoTime();
		boolean allFloats = args.length < 3 || "all".equals(args[2]);
		long floats = allFloats ? 1L << 32 : Long.parseLong(args[2]);
		int threads = Runtime.getRuntime().availableProcessors();
		System.out.printf("shortest decimal check: %d threads, seed %d%n", threads, seed);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long edges = 0;
			byte[] edgeBuf = new byte[64];
			for (float v : ShortestDecimalTests.edgeFloats()) {
				check(v, edgeBuf, 1 + (int) (edges++ % 7));
			}
			System.out.printf("float32: %d edge cases equal Float.toString%n", edges);
			long t0 = System.nanoTime();
			ParallelRanges.run(pool, floats, threads, (from, to) -> {
				SplittableRandom random = new SplittableRandom(~seed ^ (from * 0x9E3779B97F4A7C15L));
				byte[] buf = new byte[64];
				for (long i = from; i < to; i++) {
					check(Float.intBitsToFloat(allFloats ? (int) i : random.nextInt()), buf, (int) i & 7);
				}
			});
			System.out.printf("float32: %s %d bit patterns equal Float.toString; %.0f s%n",
					allFloats ? "all" : "random", floats, (System.nanoTime() - t0) / 1e9);
			long t1 = System.nanoTime();
			ParallelRanges.run(pool, doubles, threads, (from, to) -> {
				SplittableRandom random = new SplittableRandom(seed ^ (from * 0x9E3779B97F4A7C15L));
				byte[] buf = new byte[64];
				byte[] tight = new byte[ShortestDecimal.MAX_DOUBLE_CHARS];
				for (long i = from; i < to; i++) {
					double v = Double.longBitsToDouble(random.nextLong());
					int at = (int) i & 7;
					int end = ShortestDecimal.writeDoubleInPlace(v, buf, at) - at;
					System.arraycopy(buf, at, buf, 0, end);
					if (!same(Double.toString(v), buf, end) || (i % 16 == 0
							&& !same(Double.toString(v), tight, ShortestDecimal.writeDouble(v, tight, 0)))) {
						throw new AssertionError("double bits 0x" + Long.toHexString(Double.doubleToRawLongBits(v))
								+ ": Double.toString " + v + ", ours "
								+ new String(buf, 0, end, StandardCharsets.US_ASCII));
					}
				}
			});
			System.out.printf("float64: %d random bit patterns equal Double.toString; %.0f s%n", doubles,
					(System.nanoTime() - t1) / 1e9);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Both writers' text of {@code v}: into a tight array, and in place at {@code at} of a roomy one. */
	private static void check(float v, byte[] roomy, int at) {
		String expected = Float.toString(v);
		byte[] tight = new byte[ShortestDecimal.MAX_FLOAT_CHARS];
		int end = ShortestDecimal.writeFloat(v, tight, 0);
		int inPlace = ShortestDecimal.writeFloatInPlace(v, roomy, at);
		if (!same(expected, tight, 0, end) || !same(expected, roomy, at, inPlace)) {
			throw new AssertionError("float bits 0x" + Integer.toHexString(Float.floatToRawIntBits(v))
					+ ": Float.toString " + expected + ", ours " + new String(tight, 0, end, StandardCharsets.US_ASCII)
					+ " and in place " + new String(roomy, at, inPlace - at, StandardCharsets.US_ASCII));
		}
	}

	static boolean same(String expected, byte[] buf, int end) {
		return same(expected, buf, 0, end);
	}

	static boolean same(String expected, byte[] buf, int from, int end) {
		if (expected.length() != end - from) {
			return false;
		}
		for (int i = 0; i < end - from; i++) {
			if (expected.charAt(i) != buf[from + i]) {
				return false;
			}
		}
		return true;
	}

}
