package io.glorot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

import io.glorot.format.ShortestDecimal;
import io.glorot.random.PhiloxKey;
import io.glorot.random.PhiloxNormalKernel;
import io.glorot.random.PhiloxUniformKernel;

/**
 * The JMH benchmarks' side-by-side pairs timed in this thread's CPU time instead of wall time, for a machine so
 * shared that wall-clock throughput measures the other tenants (bench/cputime.sh). Each case runs until
 * {@code args[0]} ms of CPU (default 3000) have warmed it up (the Vector API needs its JIT compilation), then
 * reports values per CPU-second over the best of the following rounds and the median of them.
 */
public final class CpuTimeKernels {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final int BLOCKS = 1 << 12;

	private static final int N = 1 << 14;

	private CpuTimeKernels() {
	}

	public static void main(String[] args) {
		long warmMillis = (args.length > 0) ? Long.parseLong(args[0]) : 3000;
		PhiloxKey key = PhiloxKey.fromSeed(42);
		float[] values = new float[4 * BLOCKS];
		long[] block = { 0 };
		System.out.println("| case | M values per CPU-second, best round | median round |");
		System.out.println("| --- | --- | --- |");
		for (PhiloxNormalKernel kernel : new PhiloxNormalKernel[] { PhiloxNormalKernel.reference(),
				PhiloxNormalKernel.scalar(), PhiloxNormalKernel.vector().orElse(PhiloxNormalKernel.scalar()) }) {
			run("normal float32, " + kernel.name(), 4 * BLOCKS, warmMillis, () -> {
				kernel.fillBlocks(key, 0, block[0], BLOCKS, 0.0442, values, 0);
				block[0] += BLOCKS;
			});
		}
		for (PhiloxUniformKernel kernel : new PhiloxUniformKernel[] { PhiloxUniformKernel.scalar(),
				PhiloxUniformKernel.vector().orElse(PhiloxUniformKernel.scalar()) }) {
			run("uniform float32, " + kernel.name(), 4 * BLOCKS, warmMillis, () -> {
				kernel.fillBlocks(key, 0, block[0], BLOCKS, 0.0625 * 0x1.0p-32, values, 0);
				block[0] += BLOCKS;
			});
		}
		SplittableRandom random = new SplittableRandom(42);
		float[] floats = new float[N];
		double[] doubles = new double[N];
		for (int i = 0; i < N; i++) {
			doubles[i] = 0.044 * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
					* Math.cos(2 * Math.PI * random.nextDouble());
			floats[i] = (float) doubles[i];
		}
		byte[] out = new byte[N * 26];
		run("JSON float32, Float.toString + copy", N, warmMillis, () -> jdk(floats, out));
		run("JSON float32, ShortestDecimal", N, warmMillis, () -> {
			int at = 0;
			for (float v : floats) {
				at = ShortestDecimal.writeFloat(v, out, at);
				out[at++] = ',';
			}
		});
		run("JSON float64, Double.toString + copy", N, warmMillis, () -> jdk(doubles, out));
		run("JSON float64, ShortestDecimal", N, warmMillis, () -> {
			int at = 0;
			for (double v : doubles) {
				at = ShortestDecimal.writeDouble(v, out, at);
				out[at++] = ',';
			}
		});
	}

	@SuppressWarnings("deprecation")
	private static void jdk(float[] floats, byte[] out) {
		int at = 0;
		for (float v : floats) {
			String s = Float.toString(v);
			s.getBytes(0, s.length(), out, at);
			at += s.length();
			out[at++] = ',';
		}
	}

	@SuppressWarnings("deprecation")
	private static void jdk(double[] doubles, byte[] out) {
		int at = 0;
		for (double v : doubles) {
			String s = Double.toString(v);
			s.getBytes(0, s.length(), out, at);
			at += s.length();
			out[at++] = ',';
		}
	}

	private static void run(String name, int valuesPerRound, long warmMillis, Runnable round) {
		long warm = THREADS.getCurrentThreadCpuTime() + warmMillis * 1_000_000;
		while (THREADS.getCurrentThreadCpuTime() < warm) {
			round.run();
		}
		long[] times = new long[41];
		for (int i = 0; i < times.length; i++) {
			long start = THREADS.getCurrentThreadCpuTime();
			round.run();
			times[i] = THREADS.getCurrentThreadCpuTime() - start;
		}
		java.util.Arrays.sort(times);
		System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, valuesPerRound * 1e3 / times[0],
				valuesPerRound * 1e3 / times[times.length / 2]);
	}

}
