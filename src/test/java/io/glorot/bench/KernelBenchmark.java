package io.glorot.bench;

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

import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.RegionValues;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * Elements per second of one core: the generator kernels alone ({@code fill}), and the kernels with the
 * conversion to each dtype's little-endian bytes ({@code bytes}). Run with {@code bench/jmh.sh}; the score is in
 * operations per second, one operation being one element.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
public class KernelBenchmark {

	static final int N = 1 << 16;

	@Param({ "uniform", "normal", "truncated_normal" })
	public String distribution;

	@Param({ "float32", "float64", "float16", "bfloat16" })
	public String dtype;

	private ValueSource source;

	private RegionValues values;

	private final float[] floats = new float[N];

	private final double[] doubles = new double[N];

	private byte[] bytes;

	private long from;

	@Setup
	public void setUp() {
		Distribution d = Distribution.valueOf(this.distribution.toUpperCase());
		DType t = DType.valueOf(this.dtype.toUpperCase());
		TensorSpec spec = new TensorSpec(Region.all(Shape.of(1L << 40)), t, d, Layout.KERAS,
				XavierParameters.of(new Fans(1024, 1024), io.glorot.init.Mode.FAN_AVG, 1.0), 42, null,
				new PhiloxGenerator());
		this.source = spec.generator().open(spec);
		this.values = new RegionValues(spec, this.source);
		this.bytes = new byte[N * t.size()];
	}

	@Benchmark
	@OperationsPerInvocation(N)
	public void fill(Blackhole blackhole) {
		if ("float64".equals(this.dtype)) {
			this.source.fill(this.from, this.doubles, 0, N);
			blackhole.consume(this.doubles);
		}
		else {
			this.source.fill(this.from, this.floats, 0, N);
			blackhole.consume(this.floats);
		}
		this.from += N;
	}

	@Benchmark
	@OperationsPerInvocation(N)
	public void bytes(Blackhole blackhole) {
		this.values.bytes(this.from, N, this.bytes);
		blackhole.consume(this.bytes);
		this.from += N;
	}

}
