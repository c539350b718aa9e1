package io.glorot.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.glorot.format.JsonEncoder;
import io.glorot.tensor.ValueWriter;
import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

/**
 * The JSON answer without HTTP: a 2048x2048 float32 tensor (generation included; uniform as in bench/run.sh's JSON
 * row, or normal) encoded by {@link JsonEncoder} into a sink that discards it, on 1 worker thread and on 2. Values
 * per second. On a shared machine read {@code bench/cputime.sh}'s encoder case (thread CPU time) instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JsonEncoderBenchmark {

	static final int SIDE = 2048;

	@Param({ "1", "2" })
	public int threads;

	@Param({ "uniform", "normal" })
	public String distribution;

	private ExecutorService pool;

	private JsonEncoder encoder;

	private TensorSpec spec;

	private final OutputStream sink = OutputStream.nullOutputStream();

	@Setup
	public void setUp() {
		this.pool = Executors.newFixedThreadPool(this.threads);
		this.encoder = new JsonEncoder(ValueWriter.parallel(this.pool, ValueWriter.DEFAULT_CHUNK_ELEMENTS, 3));
		this.spec = new TensorSpec(Region.all(Shape.of(SIDE, SIDE)), DType.FLOAT32,
				"normal".equals(this.distribution) ? Distribution.NORMAL : Distribution.UNIFORM,
				Layout.TORCH, XavierParameters.of(new Fans(SIDE, SIDE), io.glorot.init.Mode.FAN_AVG, 1.0), 42, null,
				new PhiloxGenerator());
	}

	@TearDown
	public void tearDown() {
		this.pool.shutdownNow();
	}

	@Benchmark
	@OperationsPerInvocation(SIDE * SIDE)
	public void write() throws IOException {
		this.encoder.write(this.spec, this.spec.generator().open(this.spec), this.sink);
	}

}
