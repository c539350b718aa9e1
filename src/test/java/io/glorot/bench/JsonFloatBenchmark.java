package io.glorot.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.glorot.format.ShortestDecimal;

/**
 * Values per second of one core turning float32 weights (normal, std 0.044) into comma-separated JSON text in a
 * byte array: {@code jdk} is the path before, {@code Float.toString} and a Latin-1 copy of the String's bytes;
 * {@code direct} is {@link ShortestDecimal#writeFloat} writing into the array; {@code inplace} is
 * {@link ShortestDecimal#writeFloatInPlace}, the JSON encoder's call, which may write past the text into room the
 * next value overwrites. Same text, checked in setup. On a shared machine, {@code -prof gc} or
 * {@code bench/cputime.sh} (thread CPU time) say more than the wall-clock score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class JsonFloatBenchmark {

	static final int N = 1 << 14;

	@Param({ "jdk", "direct", "inplace" })
	public String writer;

	@Param({ "float32", "float64" })
	public String dtype;

	private final float[] floats = new float[N];

	private final double[] doubles = new double[N];

	private final byte[] out = new byte[N * 26 + 64];

	@Setup
	public void setUp() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < N; i++) {
			double v = 0.044 * gaussian(random);
			this.doubles[i] = v;
			this.floats[i] = (float) v;
		}
		byte[] check = new byte[this.out.length];
		int a = "float32".equals(this.dtype) ? jdkFloats(this.out) : jdkDoubles(this.out);
		int b = written(check);
		if (a != b || !java.util.Arrays.equals(this.out, 0, a, check, 0, b)) {
			throw new IllegalStateException("the writers differ");
		}
	}

	private static double gaussian(SplittableRandom random) {
		return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
	}

	@Benchmark
	@OperationsPerInvocation(N)
	public void write(Blackhole blackhole) {
		blackhole.consume(written(this.out));
	}

	private int written(byte[] dst) {
		boolean f32 = "float32".equals(this.dtype);
		return switch (this.writer) {
			case "jdk" -> f32 ? jdkFloats(dst) : jdkDoubles(dst);
			case "direct" -> f32 ? directFloats(dst) : directDoubles(dst);
			default -> f32 ? inPlaceFloats(dst) : inPlaceDoubles(dst);
		};
	}

	@SuppressWarnings("deprecation")
	private int jdkFloats(byte[] dst) {
		int at = 0;
		for (float v : this.floats) {
			String s = Float.toString(v);
			s.getBytes(0, s.length(), dst, at);
			at += s.length();
			dst[at++] = ',';
		}
		return at;
	}

	@SuppressWarnings("deprecation")
	private int jdkDoubles(byte[] dst) {
		int at = 0;
		for (double v : this.doubles) {
			String s = Double.toString(v);
			s.getBytes(0, s.length(), dst, at);
			at += s.length();
			dst[at++] = ',';
		}
		return at;
	}

	private int directFloats(byte[] dst) {
		int at = 0;
		for (float v : this.floats) {
			at = ShortestDecimal.writeFloat(v, dst, at);
			dst[at++] = ',';
		}
		return at;
	}

	private int inPlaceFloats(byte[] dst) {
		int at = 0;
		for (float v : this.floats) {
			at = ShortestDecimal.writeFloatInPlace(v, dst, at);
			dst[at++] = ',';
		}
		return at;
	}

	private int inPlaceDoubles(byte[] dst) {
		int at = 0;
		for (double v : this.doubles) {
			at = ShortestDecimal.writeDoubleInPlace(v, dst, at);
			dst[at++] = ',';
		}
		return at;
	}

	private int directDoubles(byte[] dst) {
		int at = 0;
		for (double v : this.doubles) {
			at = ShortestDecimal.writeDouble(v, dst, at);
			dst[at++] = ',';
		}
		return at;
	}

}
