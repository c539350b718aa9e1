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

import io.glorot.random.PhiloxKey;
import io.glorot.random.PhiloxNormalKernel;

/**
 * The normal (Box-Muller) float32 kernels side by side, elements per second on one core: {@code reference}
 * (Philox4x32.block and StrictMath per lane pair, the path before the fdlibm port), {@code scalar} (inlined Philox,
 * the fdlibm port with one sin/cos reduction) and {@code vector} (the Vector API, which needs
 * {@code --add-modules jdk.incubator.vector}; bench/jmh.sh passes it). All three give the same bits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-modules", "jdk.incubator.vector" })
public class NormalKernelBenchmark {

	static final int BLOCKS = 1 << 14;

	@Param({ "reference", "scalar", "vector" })
	public String kernel;

	private PhiloxNormalKernel implementation;

	private final float[] values = new float[4 * BLOCKS];

	private long block;

	@Setup
	public void setUp() {
		this.implementation = switch (this.kernel) {
			case "reference" -> PhiloxNormalKernel.reference();
			case "scalar" -> PhiloxNormalKernel.scalar();
			default -> PhiloxNormalKernel.vector().orElseThrow();
		};
		if (!this.implementation.name().startsWith(this.kernel)) {
			throw new IllegalStateException("kernel " + this.kernel + " is not available: " + this.implementation.name());
		}
	}

	@Benchmark
	@OperationsPerInvocation(4 * BLOCKS)
	public void normalFloat32(Blackhole blackhole) {
		this.implementation.fillBlocks(PhiloxKey.fromSeed(42), 0, this.block, BLOCKS, 0.0442, this.values, 0);
		this.block += BLOCKS;
		blackhole.consume(this.values);
	}

}
