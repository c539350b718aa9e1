package io.glorot.random;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which kernels serve on this JVM, and why. Every kernel gives the same bits (the tests compare them with the spec
 * and with each other), so the choice is about speed only, and may change while the service runs.
 * <p>
 * With {@code jdk.incubator.vector} present, the Vector API kernels serve from the start where the CPU's preferred
 * vector is 512 bits wide (AVX-512: a native 64-bit lane multiply), the scalar ones elsewhere; then
 * {@link #calibrate()} times the scalar and the vector kernel of each distribution on the same work, on a
 * background thread, and keeps the faster (the Vector API runs interpreted and thousands of times slower until the
 * JIT has compiled it, so the measurement needs a few seconds of CPU and does not block start-up). Without the module
 * the scalar kernels serve. The system property {@code glorot.kernel} overrides all this: {@code auto} (the
 * default), {@code scalar} or {@code vector}; {@code glorot.kernel.calibration-ms} sets the calibration's warm-up
 * in CPU time (default 1000 ms per distribution, then a third of that measuring).
 *
 * @param uniform the uniform kernel
 * @param normal the normal (Box-Muller) kernel
 * @param reason why, in one sentence for a log line and {@code /actuator/info}
 */
public record KernelChoice(PhiloxUniformKernel uniform, PhiloxNormalKernel normal, String reason) {

	/** The property that overrides the measurement. */
	public static final String PROPERTY = "glorot.kernel";

	private static final int CALIBRATION_BLOCKS = 64;

	/** Measurements that must agree before the CPU's prior is overruled. */
	static final int CONFIRMATIONS = 3;

	private static volatile KernelChoice current = prior(System.getProperty(PROPERTY));

	private static CompletableFuture<KernelChoice> calibration;

	/**
	 * Returns the kernels that serve now.
	 * @return the choice
	 */
	public static KernelChoice current() {
		return current;
	}

	/**
	 * Starts the calibration once (when {@code glorot.kernel} is {@code auto} and the vector kernels are there) on
	 * a daemon thread, which then makes its result {@link #current()}.
	 * @return the final choice, when known (at once, when there is nothing to measure)
	 */
	public static synchronized CompletableFuture<KernelChoice> calibrate() {
		if (calibration == null) {
			String mode = mode(System.getProperty(PROPERTY));
			if (!"auto".equals(mode) || VectorKernels.UNIFORM == null || VectorKernels.NORMAL == null) {
				calibration = CompletableFuture.completedFuture(current);
			}
			else {
				long millis = Long.getLong(PROPERTY + ".calibration-ms", 1000);
				calibration = new CompletableFuture<>();
				Thread.ofPlatform().name("glorot-kernel-calibration").daemon(true).start(() -> {
					try {
						KernelChoice measured = choose(mode, millis);
						current = measured;
						calibration.complete(measured);
					}
					catch (RuntimeException | Error ex) {
						calibration.completeExceptionally(ex);
					}
				});
			}
		}
		return calibration;
	}

	/**
	 * Returns a one-line summary, e.g. {@code uniform=vector-512bit normal=vector-512bit}.
	 * @return the kernels' names
	 */
	public String summary() {
		return "uniform=" + this.uniform.name() + " normal=" + this.normal.name();
	}

	private static String mode(String override) {
		String mode = (override != null) ? override.trim().toLowerCase(Locale.ROOT) : "auto";
		if (!mode.equals("auto") && !mode.equals("scalar") && !mode.equals("vector")) {
			throw new IllegalArgumentException(PROPERTY + " must be auto, scalar or vector, not '" + override + "'");
		}
		return mode;
	}

	private static String absent() {
		return VectorKernels.MODULE_PRESENT ? "the Vector API kernels failed to load"
				: "jdk.incubator.vector is not in this JVM (start it with --add-modules jdk.incubator.vector)";
	}

	/**
	 * The choice before any measurement: the override, or in {@code auto} mode the CPU's preferred vector width.
	 * @param override {@code auto}, {@code scalar} or {@code vector} (null means auto)
	 * @return the choice
	 */
	static KernelChoice prior(String override) {
		String mode = mode(override);
		PhiloxUniformKernel vectorUniform = VectorKernels.UNIFORM;
		PhiloxNormalKernel vectorNormal = VectorKernels.NORMAL;
		boolean vectors = vectorUniform != null && vectorNormal != null;
		if (mode.equals("scalar")) {
			return new KernelChoice(PhiloxUniformKernel.scalar(), PhiloxNormalKernel.scalar(), PROPERTY + "=scalar");
		}
		if (!vectors) {
			return new KernelChoice(PhiloxUniformKernel.scalar(), PhiloxNormalKernel.scalar(),
					(mode.equals("vector") ? PROPERTY + "=vector, but " : "") + absent() + ": scalar");
		}
		if (mode.equals("vector")) {
			return new KernelChoice(vectorUniform, vectorNormal, PROPERTY + "=vector");
		}
		int bits = VectorKernels.preferredBits();
		boolean wide = bits >= 512;
		return new KernelChoice(wide ? vectorUniform : PhiloxUniformKernel.scalar(),
				wide ? vectorNormal : PhiloxNormalKernel.scalar(),
				"from the CPU until measured: preferred vector " + bits + " bits");
	}

	/**
	 * Chooses the kernels, measuring them in {@code auto} mode (on the calling thread).
	 * @param override {@code auto}, {@code scalar} or {@code vector} (null means auto)
	 * @param calibrationMillis the budget of each distribution's calibration
	 * @return the choice
	 */
	static KernelChoice choose(String override, long calibrationMillis) {
		String mode = mode(override);
		PhiloxUniformKernel vectorUniform = VectorKernels.UNIFORM;
		PhiloxNormalKernel vectorNormal = VectorKernels.NORMAL;
		if (!mode.equals("auto") || vectorUniform == null || vectorNormal == null) {
			return prior(override);
		}
		KernelChoice before = prior(override);
		long[] uniform = confirmed(() -> calibrateUniform(vectorUniform, calibrationMillis),
				before.uniform() == vectorUniform);
		long[] normal = confirmed(() -> calibrateNormal(vectorNormal, calibrationMillis),
				before.normal() == vectorNormal);
		return new KernelChoice((uniform[1] < uniform[0]) ? vectorUniform : PhiloxUniformKernel.scalar(),
				(normal[1] < normal[0]) ? vectorNormal : PhiloxNormalKernel.scalar(),
				"measured (" + CALIBRATION_BLOCKS * 4 + " values per round, best round after " + calibrationMillis
						+ " ms of CPU warm-up each; a result against the CPU's prior is measured again, up to "
						+ CONFIRMATIONS + " times): uniform scalar " + micros(uniform[0]) + " vs " + vectorUniform.name() + " "
						+ micros(uniform[1]) + ", normal scalar " + micros(normal[0]) + " vs " + vectorNormal.name()
						+ " " + micros(normal[1]));
	}

	private static String micros(long nanos) {
		return String.format(Locale.ROOT, "%.2f us", nanos / 1000.0);
	}

	/**
	 * Measures once, and again while the result goes against the prior, up to {@link #CONFIRMATIONS} times in all:
	 * the prior is overruled only by results that agree. On a busy machine the JIT's compiler threads may not have
	 * compiled the Vector API kernel within the first warm-up, and a kernel that still runs interpreted loses by
	 * several times (seen: uniform vector 4.32 us against 1.02 us once compiled, on the same machine).
	 * @param measure one calibration: the best times of the scalar [0] and the vector [1] kernel
	 * @param priorVector whether the prior serves the vector kernel
	 * @return the last measurement
	 */
	static long[] confirmed(Supplier<long[]> measure, boolean priorVector) {
		long[] times = measure.get();
		for (int i = 1; i < CONFIRMATIONS && (times[1] < times[0]) != priorVector; i++) {
			times = measure.get();
		}
		return times;
	}

	/** The best times, in nanoseconds, of the scalar [0] and the vector [1] kernel on the same blocks. */
	private static long[] calibrateUniform(PhiloxUniformKernel vector, long millis) {
		float[] dst = new float[4 * CALIBRATION_BLOCKS];
		PhiloxKey key = PhiloxKey.fromSeed(0x5EED);
		PhiloxUniformKernel[] kernels = { PhiloxUniformKernel.scalar(), vector };
		return calibrate(millis, (k, round) -> kernels[k].fillBlocks(key, 7, round * CALIBRATION_BLOCKS,
				CALIBRATION_BLOCKS, 0x1.0p-36, dst, 0));
	}

	private static long[] calibrateNormal(PhiloxNormalKernel vector, long millis) {
		float[] dst = new float[4 * CALIBRATION_BLOCKS];
		PhiloxKey key = PhiloxKey.fromSeed(0x5EED);
		PhiloxNormalKernel[] kernels = { PhiloxNormalKernel.scalar(), vector };
		return calibrate(millis, (k, round) -> kernels[k].fillBlocks(key, 7, round * CALIBRATION_BLOCKS,
				CALIBRATION_BLOCKS, 0.05, dst, 0));
	}

	/**
	 * Alternates the two kernels on the same rounds: first until {@code millis} of this thread's CPU time are
	 * spent (the JIT compiles both meanwhile), then for a third of that again, keeping each kernel's best round.
	 * CPU time rather than wall time, so that a busy machine stretches the calibration instead of cutting the
	 * warm-up short.
	 */
	private static long[] calibrate(long millis, Work work) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
		LongSupplier clock = cpuTime ? threads::getCurrentThreadCpuTime : System::nanoTime;
		long round = 0;
		long warm = clock.getAsLong() + millis * 1_000_000;
		for (; round < 4 || clock.getAsLong() < warm; round++) {
			work.run(0, round);
			work.run(1, round);
		}
		long[] best = { Long.MAX_VALUE, Long.MAX_VALUE };
		long end = clock.getAsLong() + millis * 1_000_000 / 3;
		for (long measured = 0; measured < 4 || clock.getAsLong() < end; measured++, round++) {
			for (int k = 0; k < 2; k++) {
				long start = clock.getAsLong();
				work.run(k, round);
				best[k] = Math.min(best[k], clock.getAsLong() - start);
			}
		}
		return best;
	}

	@FunctionalInterface
	private interface Work {

		void run(int kernel, long round);

	}

}
