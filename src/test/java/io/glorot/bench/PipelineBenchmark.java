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

import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * The value pipeline without HTTP: a 64 Mi-element float32 tensor written to a sink that discards it, on 1 worker
 * thread and on all cores. Elements per second; the gap to the HTTP figures in docs/performance.md is the cost of
 * the network path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PipelineBenchmark {

	static final int N = 1 << 26;

	@Param({ "uniform", "normal" })
	public String distribution;

	@Param({ "1", "2" })
	public int threads;

	private ExecutorService pool;

	private ValueWriter writer;

	private TensorSpec spec;

	private final OutputStream sink = new OutputStream() {
		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}
	};

	@Setup
	public void setUp() {
		this.pool = Executors.newFixedThreadPool(this.threads);
		this.writer = ValueWriter.parallel(this.pool, ValueWriter.DEFAULT_CHUNK_ELEMENTS, 3);
		this.spec = new TensorSpec(Region.all(Shape.of(N)), DType.FLOAT32,
				Distribution.valueOf(this.distribution.toUpperCase()), Layout.KERAS,
				XavierParameters.of(new Fans(4096, 4096), io.glorot.init.Mode.FAN_AVG, 1.0), 42, null,
				new PhiloxGenerator());
	}

	@TearDown
	public void tearDown() {
		this.pool.shutdownNow();
	}

	@Benchmark
	@OperationsPerInvocation(N)
	public void write() throws IOException {
		this.writer.write(this.spec, this.spec.generator().open(this.spec), this.sink);
	}

}
