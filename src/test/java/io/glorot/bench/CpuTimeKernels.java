package io.glorot.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

import io.glorot.format.JsonEncoder;
import io.glorot.format.ShortestDecimal;
import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.random.PhiloxKey;
import io.glorot.random.PhiloxNormalKernel;
import io.glorot.random.PhiloxUniformKernel;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * The JMH benchmarks' side-by-side pairs timed in this thread's CPU time instead of wall time, for a machine so
 * shared that wall-clock throughput measures the other tenants (bench/cputime.sh). Each case runs until
 * {@code args[0]} ms of CPU (default 3000) have warmed it up (the Vector API needs its JIT compilation), then
 * reports values per CPU-second over the best of the following rounds and the median of them. {@code args[1]}, if
 * given, runs only the cases whose name contains it (e.g. {@code JSON}).
 */
public final class CpuTimeKernels {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final int BLOCKS = 1 << 12;

	private static final int N = 1 << 14;

	private static String only = "";

	private CpuTimeKernels() {
	}

	public static void main(String[] args) {
		long warmMillis = (args.length > 0) ? Long.parseLong(args[0]) : 3000;
		only = (args.length > 1) ? args[1] : "";
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
		run("JSON float32, ShortestDecimal in place", N, warmMillis, () -> {
			int at = 0;
			for (float v : floats) {
				at = ShortestDecimal.writeFloatInPlace(v, out, at);
				out[at++] = ',';
			}
		});
		// the whole JSON answer of a 1024x1024 uniform float32 tensor on this thread: generation, brackets, commas
		TensorSpec spec = new TensorSpec(Region.all(Shape.of(1024, 1024)), DType.FLOAT32, Distribution.UNIFORM,
				Layout.TORCH, XavierParameters.of(new Fans(1024, 1024), Mode.FAN_AVG, 1.0), 5, null,
				new PhiloxGenerator());
		JsonEncoder encoder = new JsonEncoder(ValueWriter.sequential());
		run("JSON encoder, 1024x1024 uniform float32 answer", 1024 * 1024, warmMillis, () -> {
			try {
				encoder.write(spec, spec.generator().open(spec), OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
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
		run("JSON float64, ShortestDecimal in place", N, warmMillis, () -> {
			int at = 0;
			for (double v : doubles) {
				at = ShortestDecimal.writeDoubleInPlace(v, out, at);
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
		if (!name.contains(only)) {
			return;
		}
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
