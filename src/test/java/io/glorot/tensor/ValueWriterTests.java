package io.glorot.tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	/**
	 * The writer reuses each stream's readers (and their scratch) from chunk to chunk: over random regions, dtypes,
	 * distributions, chunkings and ranges its bytes equal those of one fresh reader asked for the whole region at
	 * once, which reuses nothing.
	 */
	@Test
	void reusedReadersShouldWriteTheBytesOfOneFreshReader() {
		RandomCases.check(200, (draw) -> {
			int rows = draw.intBetween(1, 40);
			int cols = draw.intBetween(1, 40);
			int firstRow = draw.intBetween(0, rows - 1);
			int firstCol = draw.intBetween(0, cols - 1);
			Region region = Region.of(Shape.of(rows, cols), new long[] { firstRow, firstCol },
					new long[] { draw.intBetween(firstRow + 1, rows), draw.intBetween(firstCol + 1, cols) });
			TensorSpec spec = spec(region, draw.anyOf(DType.class), draw.anyOf(Distribution.class), draw.anyLong());
			int count = (int) region.elementCount();
			byte[] fresh = new byte[count * spec.dtype().size()];
			new RegionValues(spec, spec.generator().open(spec)).bytes(0, count, fresh);
			long a = draw.longBetween(0, fresh.length);
			long b = draw.longBetween(0, fresh.length);
			ValueWriter writer = (draw.intBetween(0, 3) == 0) ? ValueWriter.sequential()
					: ValueWriter.parallel(POOL, draw.intBetween(1, 64), draw.intBetween(1, 4));
			assertThat(bytes(writer, spec, Math.min(a, b), Math.max(a, b)))
				.containsExactly(Arrays.copyOfRange(fresh, (int) Math.min(a, b), (int) Math.max(a, b)));
		});
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

	/**
	 * A source that must run from its start (numpy normal, torch) is written on the calling thread even by a
	 * parallel writer, chunk after chunk, and its bytes equal the sequential writer's.
	 */
	@Test
	void writeWhenSourceIsSequentialShouldFillEveryChunkOnCallingThread() throws IOException {
		TensorSpec spec = spec(Region.all(Shape.of(23, 19)), DType.FLOAT32, Distribution.NORMAL, 5);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		ValueSource sequential = recording(spec.generator().open(spec), false, threads);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ValueWriter.parallel(POOL, 50, 3).write(spec, sequential, out);
		assertThat(out.toByteArray()).containsExactly(bytes(ValueWriter.sequential(), spec, 0, spec.valueBytes()));
		assertThat(threads).containsExactly(Thread.currentThread());
	}

	/** A random-access answer of several chunks is generated on the pool, never on the calling thread. */
	@Test
	void writeWhenSourceIsRandomAccessShouldFillChunksOnPool() throws IOException {
		TensorSpec spec = spec(Region.all(Shape.of(23, 19)), DType.FLOAT32, Distribution.NORMAL, 5);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		ValueSource source = recording(spec.generator().open(spec), true, threads);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ValueWriter.parallel(POOL, 50, 3).write(spec, source, out);
		assertThat(out.toByteArray()).containsExactly(bytes(ValueWriter.sequential(), spec, 0, spec.valueBytes()));
		assertThat(threads).isNotEmpty().doesNotContain(Thread.currentThread());
	}

	/** An answer of one chunk is written on the calling thread: no hand-off for a small answer. */
	@Test
	void writeWhenOneChunkShouldFillOnCallingThread() throws IOException {
		TensorSpec spec = spec(Region.all(Shape.of(3, 4)), DType.FLOAT32, Distribution.UNIFORM, 5);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		ValueSource source = recording(spec.generator().open(spec), true, threads);
		ValueWriter.parallel(POOL, 12, 3).write(spec, source, new ByteArrayOutputStream());
		assertThat(threads).containsExactly(Thread.currentThread());
	}

	/**
	 * The look-ahead is bounded: piece {@code i} is made only once piece {@code i - chunksAhead - 1} was written,
	 * the bound is reached, and no piece index reaches {@code count}.
	 */
	@Test
	void orderedShouldMakeAtMostChunksAheadPlusOneBeyondWrittenAndNoIndexPastCount() throws IOException {
		ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(8);
		try {
			for (int chunksAhead : new int[] { 1, 2, 5 }) {
				long count = 40;
				AtomicLong written = new AtomicLong();
				AtomicLong maxAhead = new AtomicLong();
				List<String> violations = new CopyOnWriteArrayList<>();
				List<Long> order = new ArrayList<>();
				ValueWriter.parallel(pool, 1, chunksAhead).ordered(count, (i) -> {
					long ahead = i - written.get();
					maxAhead.accumulateAndGet(ahead, Math::max);
					if (i >= count || ahead > chunksAhead) {
						violations.add("piece " + i + " made with " + written.get() + " written");
					}
					return i;
				}, (index, piece) -> {
					assertThat(piece).isEqualTo(index);
					order.add(piece);
					if (index == 0) {
						// hold the first write until the pool has made the furthest piece allowed, then a little
						// longer, so that a piece submitted beyond the bound would be made (and caught) meanwhile
						for (int waited = 0; waited < 5000 && maxAhead.get() < chunksAhead; waited += 5) {
							sleep(5);
						}
						sleep(20);
					}
					written.incrementAndGet();
				});
				assertThat(violations).as("chunksAhead %d", chunksAhead).isEmpty();
				assertThat(maxAhead.get()).as("chunksAhead %d", chunksAhead).isEqualTo(chunksAhead);
				assertThat(order).hasSize((int) count).isSorted();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void orderedWhenNothingToMakeShouldCallNeither() throws IOException {
		List<Long> calls = new ArrayList<>();
		ValueWriter.parallel(POOL, 1, 2).ordered(0, (i) -> {
			calls.add(i);
			return i;
		}, (index, piece) -> calls.add(index));
		assertThat(calls).isEmpty();
	}

	@Test
	void orderedWhenPieceFailsShouldSayGeneratingFailed() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> ValueWriter.parallel(POOL, 1, 2).ordered(5, (i) -> {
				if (i == 3) {
					throw new ArithmeticException("boom");
				}
				return i;
			}, (index, piece) -> {
			}))
			.withMessage("generating a chunk failed")
			.withRootCauseInstanceOf(ArithmeticException.class);
	}

	@Test
	void parallelWhenChunksAheadOrChunkElementsNotPositiveShouldFail() {
		assertThatIllegalArgumentException().isThrownBy(() -> ValueWriter.parallel(POOL, 10, 0))
			.withMessage("'chunksAhead' must be positive, got 0");
		assertThatIllegalArgumentException().isThrownBy(() -> ValueWriter.parallel(POOL, 0, 1))
			.withMessage("'chunkElements' must be positive, got 0");
		assertThat(ValueWriter.parallel(POOL, 1, 1)).isNotNull();
	}

	@Test
	void writeWhenRangeOutsideValuesOrBackwardsShouldFail() {
		TensorSpec spec = spec(Region.all(Shape.of(3, 4)), DType.FLOAT32, Distribution.UNIFORM, 5);
		ValueWriter writer = ValueWriter.parallel(POOL, 5, 2);
		ValueSource source = spec.generator().open(spec);
		OutputStream out = new ByteArrayOutputStream();
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> writer.write(spec, source, 10, 9, out))
			.withMessage("bytes 10-9 of 48");
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> writer.write(spec, source, -1, 9, out));
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> writer.write(spec, source, 0, 49, out));
	}

	@Test
	void writeWhenRangeIsEmptyOrWholeShouldWriteExactlyThat() throws IOException {
		TensorSpec spec = spec(Region.all(Shape.of(3, 4)), DType.FLOAT32, Distribution.UNIFORM, 5);
		ValueWriter writer = ValueWriter.parallel(POOL, 5, 2);
		assertThat(bytes(writer, spec, 48, 48)).isEmpty();
		assertThat(bytes(writer, spec, 7, 7)).isEmpty();
		assertThat(bytes(writer, spec, 0, 48)).containsExactly(bytes(ValueWriter.sequential(), spec, 0, 48));
	}

	/** A writer interrupted while it waits for a chunk stops with an InterruptedIOException and stays interrupted. */
	@Test
	void orderedWhenInterruptedWhileWaitingShouldThrowAndKeepInterruptFlag() throws Exception {
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
		Thread writer = new Thread(() -> {
			try {
				ValueWriter.parallel(POOL, 1, 1).ordered(3, (i) -> {
					try {
						release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return i;
				}, (index, piece) -> {
				});
			}
			catch (Throwable ex) {
				thrown.set(ex);
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			}
		});
		writer.start();
		Thread.sleep(100);
		writer.interrupt();
		writer.join(10_000);
		release.countDown();
		assertThat(thrown.get()).isInstanceOf(java.io.InterruptedIOException.class)
			.hasMessage("interrupted while generating values");
		assertThat(stillInterrupted).isTrue();
	}

	/** A source that records the threads that fill it, and says whether it is random access. */
	private static ValueSource recording(ValueSource values, boolean randomAccess, Set<Thread> threads) {
		return new ValueSource() {

			@Override
			public void fill(long from, float[] dst, int offset, int length) {
				threads.add(Thread.currentThread());
				values.fill(from, dst, offset, length);
			}

			@Override
			public void fill(long from, double[] dst, int offset, int length) {
				threads.add(Thread.currentThread());
				values.fill(from, dst, offset, length);
			}

			@Override
			public boolean isRandomAccess() {
				return randomAccess;
			}

		};
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
