package io.glorot.tensor;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongFunction;


/**
 * Writes a region's values as little-endian bytes of its dtype, chunk by chunk, so memory stays bounded by the
 * chunks in flight whatever the tensor's size.
 * <p>
 * In parallel mode, chunks of a random-access source are generated on a shared pool of worker threads, up to
 * {@code chunksAhead} ahead of the writer, and written strictly in order. Because every element is a pure function
 * of its index (canonical-generator.md §2), the bytes are the same as in sequential mode, whatever the thread
 * count. When writing fails (the client went away) the chunks not yet written are cancelled. Sequential sources
 * (those that must run a stream from its start) and answers of one chunk are written on the calling thread.
 */
public final class ValueWriter {

	/** Elements per chunk unless configured otherwise: 1 MiB of float32. */
	public static final int DEFAULT_CHUNK_ELEMENTS = 1 << 18;

	private static final ValueWriter SEQUENTIAL = new ValueWriter(null, DEFAULT_CHUNK_ELEMENTS, 0);

	private final ExecutorService pool;

	private final int chunkElements;

	private final int chunksAhead;

	private ValueWriter(ExecutorService pool, int chunkElements, int chunksAhead) {
		if (chunkElements < 1) {
			throw new IllegalArgumentException("'chunkElements' must be positive, got " + chunkElements);
		}
		this.pool = pool;
		this.chunkElements = chunkElements;
		this.chunksAhead = chunksAhead;
	}

	/**
	 * A writer that generates every chunk on the calling thread.
	 * @return the sequential writer
	 */
	public static ValueWriter sequential() {
		return SEQUENTIAL;
	}

	/**
	 * A writer that generates chunks on a pool, ahead of the writing thread.
	 * @param pool the worker threads, shared by all answers
	 * @param chunkElements elements per chunk
	 * @param chunksAhead chunks one answer may have generated or in generation beyond the one being written
	 * @return the parallel writer
	 */
	public static ValueWriter parallel(ExecutorService pool, int chunkElements, int chunksAhead) {
		if (chunksAhead < 1) {
			throw new IllegalArgumentException("'chunksAhead' must be positive, got " + chunksAhead);
		}
		return new ValueWriter(pool, chunkElements, chunksAhead);
	}

	/**
	 * Writes all of a region's value bytes.
	 * @param spec the tensor
	 * @param source its values
	 * @param out where the bytes go
	 * @throws IOException if writing fails
	 */
	public void write(TensorSpec spec, ValueSource source, OutputStream out) throws IOException {
		write(spec, source, 0, spec.valueBytes(), out);
	}

	/**
	 * Writes bytes {@code [fromByte, toByte)} of a region's values: whole elements, cut at both ends where the
	 * range starts or stops inside one.
	 * @param spec the tensor
	 * @param source its values
	 * @param fromByte first byte, from 0
	 * @param toByte one past the last byte
	 * @param out where the bytes go
	 * @throws IOException if writing fails
	 */
	public void write(TensorSpec spec, ValueSource source, long fromByte, long toByte, OutputStream out)
			throws IOException {
		if (fromByte < 0 || toByte > spec.valueBytes() || fromByte > toByte) {
			throw new IndexOutOfBoundsException("bytes " + fromByte + "-" + toByte + " of " + spec.valueBytes());
		}
		if (fromByte == toByte) {
			return;
		}
		int size = spec.dtype().size();
		Chunks chunks = new Chunks(spec, source, fromByte, toByte, size);
		// buffers go back to this queue once written; at most chunksAhead + 1 are ever in use
		Queue<byte[]> free = new ConcurrentLinkedQueue<>();
		// readers (and their float scratch) go back to this one once a chunk is made, so a stream allocates one per
		// concurrent fill instead of a new chunk-sized scratch array per chunk
		Queue<RegionValues> readers = new ConcurrentLinkedQueue<>();
		ValueWriter runner = source.isRandomAccess() ? this : SEQUENTIAL;
		runner.ordered(chunks.count, (c) -> {
			RegionValues values = readers.poll();
			if (values == null) {
				values = chunks.values();
			}
			try {
				return chunks.fill(c, values, buffer(free, chunks));
			}
			finally {
				readers.offer(values);
			}
		}, (c, buffer) -> {
			chunks.writeTo(c, buffer, out);
			free.offer(buffer);
		});
	}

	private static byte[] buffer(Queue<byte[]> free, Chunks chunks) {
		byte[] buffer = free.poll();
		return (buffer != null) ? buffer : new byte[chunks.bufferBytes()];
	}

	/**
	 * Makes {@code count} pieces of an answer, on the pool when there is one and more than one piece, up to
	 * {@code chunksAhead} ahead, and hands them to {@code sink} strictly in order. Pieces not yet handed over when
	 * the sink fails are cancelled.
	 * @param <T> what a piece is
	 * @param count how many pieces
	 * @param make makes piece {@code i}; must be safe to call from any thread
	 * @param sink takes the pieces in order
	 * @throws IOException if the sink fails
	 */
	public <T> void ordered(long count, LongFunction<T> make, Sink<T> sink) throws IOException {
		if (this.pool == null || count <= 1) {
			for (long i = 0; i < count; i++) {
				sink.accept(i, make.apply(i));
			}
			return;
		}
		Deque<Future<T>> pending = new ArrayDeque<>();
		long submitted = 0;
		try {
			for (long written = 0; written < count; written++) {
				while (submitted < count && pending.size() <= this.chunksAhead) {
					long i = submitted++;
					pending.add(this.pool.submit(() -> make.apply(i)));
				}
				sink.accept(written, await(pending.poll()));
			}
		}
		finally {
			for (Future<T> future : pending) {
				future.cancel(true);
			}
		}
	}

	/**
	 * Takes the pieces of an answer in order.
	 * @param <T> what a piece is
	 */
	@FunctionalInterface
	public interface Sink<T> {

		/**
		 * Takes one piece.
		 * @param index the piece's position
		 * @param piece the piece
		 * @throws IOException if writing it fails
		 */
		void accept(long index, T piece) throws IOException;

	}

	private static <T> T await(Future<T> future) throws IOException {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while generating values");
		}
		catch (ExecutionException | CancellationException ex) {
			throw new IllegalStateException("generating a chunk failed", ex);
		}
	}

	/**
	 * The chunks of one byte range of a region's values.
	 */
	private final class Chunks {

		private final TensorSpec spec;

		private final ValueSource source;

		private final long fromByte;

		private final long toByte;

		private final int size;

		/** The first element any byte of the range belongs to. */
		private final long firstElement;

		/** One past the last element any byte of the range belongs to. */
		private final long endElement;

		private final long count;

		Chunks(TensorSpec spec, ValueSource source, long fromByte, long toByte, int size) {
			this.spec = spec;
			this.source = source;
			this.fromByte = fromByte;
			this.toByte = toByte;
			this.size = size;
			this.firstElement = fromByte / size;
			this.endElement = (toByte + size - 1) / size;
			this.count = (this.endElement - this.firstElement + chunkElements - 1) / chunkElements;
		}

		RegionValues values() {
			return new RegionValues(this.spec, this.source);
		}

		int bufferBytes() {
			return (int) Math.min(chunkElements, this.endElement - this.firstElement) * this.size;
		}

		long from(long chunk) {
			return this.firstElement + chunk * chunkElements;
		}

		int elements(long chunk) {
			return (int) Math.min(chunkElements, this.endElement - from(chunk));
		}

		byte[] fill(long chunk, RegionValues values, byte[] buffer) {
			values.bytes(from(chunk), elements(chunk), buffer);
			return buffer;
		}

		void writeTo(long chunk, byte[] buffer, OutputStream out) throws IOException {
			long chunkStart = from(chunk) * this.size;
			long start = Math.max(this.fromByte, chunkStart);
			long end = Math.min(this.toByte, chunkStart + (long) elements(chunk) * this.size);
			out.write(buffer, (int) (start - chunkStart), (int) (end - start));
		}

	}

}
