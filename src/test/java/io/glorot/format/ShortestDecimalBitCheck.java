package io.glorot.format;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The long check behind {@code bench/bitcheck.sh floats} (not part of the test suite): {@link ShortestDecimal}'s
 * text equals {@link Float#toString(float)} for every one of the 2^32 float bit patterns, and
 * {@link Double#toString(double)} for {@code args[0]} random doubles (default 10^9: random bit patterns, so every
 * exponent) from a printed seed ({@code args[1]}). Any difference stops it with the value.
 */
public final class ShortestDecimalBitCheck {

	private ShortestDecimalBitCheck() {
	}

	public static void main(String[] args) throws Exception {
		long doubles = (args.length > 0) ? Long.parseLong(args[0]) : 1_000_000_000L;
		long seed = (args.length > 1) ? Long.parseLong(args[1]) : System.nanoTime();
		int threads = Runtime.getRuntime().availableProcessors();
		System.out.printf("shortest decimal check: %d threads, seed %d%n", threads, seed);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long t0 = System.nanoTime();
			run(pool, 1L << 32, threads, (from, to) -> {
				byte[] buf = new byte[32];
				for (long i = from; i < to; i++) {
					float v = Float.intBitsToFloat((int) i);
					int end = ShortestDecimal.writeFloat(v, buf, 0);
					if (!same(Float.toString(v), buf, end)) {
						throw new AssertionError("float bits 0x" + Long.toHexString(i) + ": Float.toString "
								+ Float.toString(v) + ", ours " + new String(buf, 0, end, StandardCharsets.US_ASCII));
					}
				}
			});
			System.out.printf("float32: all %d bit patterns equal Float.toString; %.0f s%n", 1L << 32,
					(System.nanoTime() - t0) / 1e9);
			long t1 = System.nanoTime();
			run(pool, doubles, threads, (from, to) -> {
				SplittableRandom random = new SplittableRandom(seed ^ (from * 0x9E3779B97F4A7C15L));
				byte[] buf = new byte[32];
				for (long i = from; i < to; i++) {
					double v = Double.longBitsToDouble(random.nextLong());
					int end = ShortestDecimal.writeDouble(v, buf, 0);
					if (!same(Double.toString(v), buf, end)) {
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

	static boolean same(String expected, byte[] buf, int end) {
		if (expected.length() != end) {
			return false;
		}
		for (int i = 0; i < end; i++) {
			if (expected.charAt(i) != buf[i]) {
				return false;
			}
		}
		return true;
	}

	@FunctionalInterface
	interface Range {

		void run(long from, long to);

	}

	private static void run(ExecutorService pool, long total, int threads, Range range) throws Exception {
		long slice = 1L << 24;
		AtomicLong next = new AtomicLong();
		AtomicLong done = new AtomicLong();
		long started = System.nanoTime();
		AtomicLong lastReport = new AtomicLong(started);
		Future<?>[] futures = new Future<?>[threads];
		for (int t = 0; t < threads; t++) {
			futures[t] = pool.submit(() -> {
				for (long from = next.getAndAdd(slice); from < total; from = next.getAndAdd(slice)) {
					long to = Math.min(total, from + slice);
					range.run(from, to);
					long checked = done.addAndGet(to - from);
					long now = System.nanoTime();
					long last = lastReport.get();
					if (now - last > 60_000_000_000L && lastReport.compareAndSet(last, now)) {
						System.out.printf("  progress: %d of %d (%.1f %%) equal so far, %.0f s%n", checked, total,
								100.0 * checked / total, (now - started) / 1e9);
					}
				}
				return null;
			});
		}
		for (Future<?> future : futures) {
			future.get();
		}
	}

}
