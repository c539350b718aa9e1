package io.glorot.random;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.glorot.testing.ParallelRanges;

/**
 * The long bit-identity check behind {@code bench/bitcheck.sh fdlibm} (not part of the test suite): {@link Fdlibm}
 * and the Vector API normal kernel against {@link StrictMath}
 * <ol>
 * <li>on the generator's whole domain: all 2^32 radius arguments {@code x = (w + 0.5) 2^-32} and all 2^32 angles
 * {@code 2π w 2^-32} (pair {@code i} takes {@code wa = i}, {@code wb = i * 0x9E3779B1}, a bijection), each
 * through {@code log}, {@code sinCos}, and the vector kernel's {@code r cos θ}, {@code r sin θ};</li>
 * <li>on random arguments (default 10^9, {@code args[0]}) for {@code log} and as many for {@code sinCos} (whose
 * two results {@code sin} and {@code cos} return), from a printed seed ({@code args[1]});</li>
 * <li>on the special and boundary arguments of {@link FdlibmChecks#specialArguments()}.</li>
 * </ol>
 * The random arguments come first, then the whole domain ({@code args[2] = no-domain} skips it). Any difference
 * stops it with the argument; it prints its progress every minute, and the counts and the time at the end.
 */
public final class FdlibmBitCheck {

	private FdlibmBitCheck() {
	}

	public static void main(String[] args) throws Exception {
		long randomCount = (args.length > 0) ? Long.parseLong(args[0]) : 1_000_000_000L;
		long seed = (args.length > 1) ? Long.parseLong(args[1]) : System.nanoTime();
		boolean wholeDomain = args.length <= 2 || !"no-domain".equals(args[2]);
		int threads = Runtime.getRuntime().availableProcessors();
		System.out.printf("fdlibm bit check: %d threads, seed %d, vector kernel %s%n", threads, seed,
				PhiloxNormalKernel.vector().map(PhiloxNormalKernel::name).orElse("absent"));
		long started = System.nanoTime();
		int special = 0;
		for (double x : FdlibmChecks.specialArguments()) {
			FdlibmChecks.checkLog(x);
			FdlibmChecks.checkSinCos(x);
			special++;
		}
		System.out.printf("special and boundary arguments: %d, each through log, sin, cos, sinCos: equal%n", special);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long t1 = System.nanoTime();
			ParallelRanges.run(pool, randomCount, threads, (from, to) -> {
				SplittableRandom random = new SplittableRandom(seed ^ (from * 0x9E3779B97F4A7C15L));
				double[] sc = new double[2];
				for (long i = from; i < to; i++) {
					FdlibmChecks.checkLog(FdlibmChecks.randomLogArgument(random));
					double x = FdlibmChecks.randomAngle(random);
					Fdlibm.sinCos(x, sc);
					FdlibmChecks.compare("sinCos.sin", x, StrictMath.sin(x), sc[0]);
					FdlibmChecks.compare("sinCos.cos", x, StrictMath.cos(x), sc[1]);
				}
			});
			System.out.printf("random arguments: %d for log and %d for sinCos (its sin and cos): equal; %.0f s%n",
					randomCount, randomCount, (System.nanoTime() - t1) / 1e9);
			if (wholeDomain) {
				long t0 = System.nanoTime();
				AtomicLong handedOver = new AtomicLong();
				ParallelRanges.run(pool, 1L << 32, threads, (from, to) -> domain(from, to, handedOver));
				System.out.printf(
						"generator domain: %d log arguments, %d angles (sinCos), %d vector-kernel pairs: equal "
								+ "(%d vectors handed to the scalar kernel, checked as scalar); %.0f s%n",
						1L << 32, 1L << 32, 1L << 32, handedOver.get(), (System.nanoTime() - t0) / 1e9);
			}
		}
		finally {
			pool.shutdownNow();
		}
		System.out.printf("all equal; %.0f s in all%n", (System.nanoTime() - started) / 1e9);
	}

	private static void domain(long from, long to, AtomicLong handedOver) {
		int lanes = PhiloxNormalKernel.vector().isPresent() ? PhiloxNormalVectorKernel.lanes() : 8;
		int[] wa = new int[lanes];
		int[] wb = new int[lanes];
		double[] cos = new double[lanes];
		double[] sin = new double[lanes];
		double[] sc = new double[2];
		boolean vector = PhiloxNormalKernel.vector().isPresent();
		for (long i = from; i < to; i += lanes) {
			for (int lane = 0; lane < lanes; lane++) {
				wa[lane] = (int) (i + lane);
				wb[lane] = (int) (i + lane) * 0x9E3779B1;
			}
			boolean scalarOnly = !vector || PhiloxNormalVectorKernel.boxMuller(wa, wb, 0, cos, sin);
			if (scalarOnly) {
				handedOver.incrementAndGet();
			}
			for (int lane = 0; lane < lanes; lane++) {
				double x = ((wa[lane] & 0xFFFFFFFFL) + 0.5) * 0x1.0p-32;
				double theta = Variates.boxMullerAngle(wb[lane]);
				double log = StrictMath.log(x);
				double s = StrictMath.sin(theta);
				double c = StrictMath.cos(theta);
				FdlibmChecks.compare("log", x, log, Fdlibm.log(x));
				Fdlibm.sinCos(theta, sc);
				FdlibmChecks.compare("sinCos.sin", theta, s, sc[0]);
				FdlibmChecks.compare("sinCos.cos", theta, c, sc[1]);
				if (!scalarOnly) {
					double r = Math.sqrt(-2.0 * log);
					FdlibmChecks.compare("vector r cos", theta, r * c, cos[lane]);
					FdlibmChecks.compare("vector r sin", theta, r * s, sin[lane]);
				}
			}
		}
	}

}
