package io.glorot.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a check over {@code [0, total)} in slices of 2^24 on a pool, printing its progress about once a minute: the
 * runner of the long bit-identity commands ({@code bench/bitcheck.sh}, {@code FdlibmBitCheck},
 * {@code ShortestDecimalBitCheck}).
 */
public final class ParallelRanges {

	private static final long SLICE = 1L << 24;

	private ParallelRanges() {
	}

	/** Checks one slice {@code [from, to)}; throws on the first difference. */
	@FunctionalInterface
	public interface Range {

		void run(long from, long to);

	}

	/**
	 * Runs {@code range} over every slice of {@code [0, total)} on {@code threads} tasks of the pool; rethrows the
	 * first failure.
	 */
	public static void run(ExecutorService pool, long total, int threads, Range range) throws Exception {
		AtomicLong next = new AtomicLong();
		AtomicLong done = new AtomicLong();
		long started = System.nanoTime();
		AtomicLong lastReport = new AtomicLong(started);
		Future<?>[] futures = new Future<?>[threads];
		for (int t = 0; t < threads; t++) {
			futures[t] = pool.submit(() -> {
				for (long from = next.getAndAdd(SLICE); from < total; from = next.getAndAdd(SLICE)) {
					long to = Math.min(total, from + SLICE);
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
