package io.glorot.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.generator.PhiloxGenerator;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Same request, same bits, any thread count: the parallel writer's bytes equal the sequential writer's for any
 * chunk size, look-ahead and byte range, and a failed write stops the workers.
 */
class ValueWriterTests {

	private static final ThreadPoolExecutor POOL = (ThreadPoolExecutor) Executors.newFixedThreadPool(3);

	@AfterAll
	static void stopPool() {
		POOL.shutdownNow();
	}

	@Test
	void parallelShouldEqualSequentialForAnyChunkingAndRange() {
		RandomCases.check(200,
				(draw) -> parallelShouldEqualSequentialForAnyChunkingAndRange(draw.intBetween(1, 50),
						draw.intBetween(1, 5), draw.anyOf(DType.class), draw.anyOf(Distribution.class),
						draw.longBetween(0, 2000), draw.longBetween(0, 2000), draw.anyLong()));
	}

	private static void parallelShouldEqualSequentialForAnyChunkingAndRange(int chunkElements, int chunksAhead,
			DType dtype, Distribution distribution, long a, long b, long seed) throws IOException {
		TensorSpec spec = spec(Region.of(Shape.of(23, 19), new long[] { 2, 3 }, new long[] { 21, 19 }), dtype,
				distribution, seed);
		long total = spec.valueBytes();
		long from = Math.min(a, b) % (total + 1);
		long to = Math.min(total, from + Math.abs(a - b));
		byte[] whole = bytes(ValueWriter.sequential(), spec, 0, total);
		byte[] parallel = bytes(ValueWriter.parallel(POOL, chunkElements, chunksAhead), spec, from, to);
		assertThat(parallel).containsExactly(Arrays.copyOfRange(whole, (int) from, (int) to));
	}

	@Test
	void writeWhenClientGoesAwayShouldStopWorkers() throws Exception {
		TensorSpec spec = spec(Region.all(Shape.of(4096, 4096)), DType.FLOAT32, Distribution.NORMAL, 7);
		ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
		ValueWriter writer = ValueWriter.parallel(pool, 1 << 12, 3);
		OutputStream failing = new OutputStream() {
			private long written;

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				this.written += len;
				if (this.written > 100_000) {
					throw new IOException("Broken pipe");
				}
			}
		};
		assertThatIOException().isThrownBy(() -> writer.write(spec, spec.generator().open(spec), failing));
		// nothing is left queued or running for the abandoned answer, and far fewer than its 4096 chunks ran
		pool.shutdown();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.getQueue()).isEmpty();
		assertThat(pool.getCompletedTaskCount()).isLessThan(50);
	}

	private static byte[] bytes(ValueWriter writer, TensorSpec spec, long from, long to) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		writer.write(spec, spec.generator().open(spec), from, to, out);
		return out.toByteArray();
	}

	static TensorSpec spec(Region region, DType dtype, Distribution distribution, long seed) {
		return new TensorSpec(region, dtype, distribution, Layout.TORCH,
				XavierParameters.of(new Fans(19, 23), Mode.FAN_AVG, 1.0), seed, null, new PhiloxGenerator());
	}

}
