package io.glorot.web.admission;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The memory streamed answers hold, against a budget derived from the heap: a stream is admitted only when the
 * buffers it will hold fit, so no number of slow readers can exhaust the heap (docs/reliability.md,
 * "Memory-bounded admission"). What a stream holds does not grow with its size: the chunks generated ahead of the
 * writer and the one being written, each {@code glorot.generation.chunk-elements} elements of its dtype (or, for
 * JSON, their text), plus Tomcat's buffers. One answer larger than the whole budget is admitted when nothing else
 * holds any, so the budget never makes a valid request impossible. Large answers may hold three quarters of the
 * budget together, so that the streams of small answers (at most one chunk each) always find room. Meters: {@code glorot.admission.memory.budget}
 * and {@code glorot.admission.memory.used} (bytes).
 */
@Component
public class MemoryBudget {

	/** Elements the JSON encoder formats per chunk ({@code JsonEncoder.CHUNK_ELEMENTS}). */
	static final int JSON_CHUNK_ELEMENTS = 1 << 14;

	/**
	 * Bytes of text one JSON element may take while it is formatted: at most 25 characters for a float64 and its
	 * comma, in a buffer that grows by doubling.
	 */
	static final int JSON_BYTES_PER_ELEMENT = 64;

	/** What every stream holds besides its chunks: Tomcat's buffers and the answer's bookkeeping. */
	static final long STREAM_OVERHEAD = 64 * 1024;

	/** One part in this many of the budget is kept for small answers' streams: large ones cannot take it all. */
	static final int SMALL_SHARE = 4;

	/** The widest dtype, for answers whose dtypes are not known here (a batch). */
	static final int WIDEST_ELEMENT = 8;

	private final long budget;

	private final int chunkElements;

	private final int chunksHeld;

	private final AtomicLong used = new AtomicLong();

	@Autowired
	MemoryBudget(MemoryBudgetProperties properties, MeterRegistry registry,
			@Value("${glorot.generation.chunk-elements:262144}") int chunkElements,
			@Value("${glorot.generation.chunks-ahead:3}") int chunksAhead) {
		this(properties.bytes(Runtime.getRuntime().maxMemory()), chunkElements, chunksAhead);
		Gauge.builder("glorot.admission.memory.budget", () -> this.budget)
			.description("Memory streamed answers may hold together")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("glorot.admission.memory.used", this.used, AtomicLong::get)
			.description("Memory the streamed answers in flight hold")
			.baseUnit("bytes")
			.register(registry);
	}

	MemoryBudget(long budget, int chunkElements, int chunksAhead) {
		this.budget = budget;
		this.chunkElements = chunkElements;
		// the chunks in generation ahead, the one being written, and one recycled buffer
		this.chunksHeld = chunksAhead + 2;
	}

	/**
	 * A budget that admits everything, for tests of the other bounds.
	 * @return the budget
	 */
	static MemoryBudget unlimited() {
		return new MemoryBudget(Long.MAX_VALUE, 1 << 18, 3);
	}

	/**
	 * The memory a binary stream holds.
	 * @param elements the elements it writes
	 * @param elementBytes the size of one element of its dtype
	 * @return bytes
	 */
	public long binaryStream(long elements, int elementBytes) {
		long chunk = Math.min(elements, this.chunkElements);
		long chunks = Math.min(this.chunksHeld, (elements + this.chunkElements - 1) / this.chunkElements + 1);
		return STREAM_OVERHEAD + chunks * chunk * elementBytes;
	}

	/**
	 * The memory a JSON stream holds: the values of the chunks in flight, and their text.
	 * @param elements the elements it writes
	 * @return bytes
	 */
	public long jsonStream(long elements) {
		long chunk = Math.min(elements, JSON_CHUNK_ELEMENTS);
		long chunks = Math.min(this.chunksHeld, (elements + JSON_CHUNK_ELEMENTS - 1) / JSON_CHUNK_ELEMENTS + 1);
		return STREAM_OVERHEAD + chunks * chunk * (JSON_BYTES_PER_ELEMENT + WIDEST_ELEMENT);
	}

	/**
	 * The most any stream of so many elements holds, whatever its dtype and format.
	 * @param elements the elements
	 * @return bytes
	 */
	public long anyStream(long elements) {
		return Math.max(binaryStream(elements, WIDEST_ELEMENT), jsonStream(elements));
	}

	/**
	 * Reserves memory for a large answer's stream, if it fits in the part of the budget large answers may use (or
	 * nothing else holds any).
	 * @param bytes how much
	 * @return whether it was reserved
	 */
	boolean tryReserveLarge(long bytes) {
		return tryReserve(bytes, this.budget - this.budget / SMALL_SHARE);
	}

	/**
	 * Reserves memory for a small answer's stream, if it fits in the whole budget.
	 * @param bytes how much
	 * @return whether it was reserved
	 */
	boolean tryReserveSmall(long bytes) {
		return tryReserve(bytes, this.budget);
	}

	private boolean tryReserve(long bytes, long limit) {
		while (true) {
			long current = this.used.get();
			if (current + bytes > limit && current > 0) {
				return false;
			}
			if (this.used.compareAndSet(current, current + bytes)) {
				return true;
			}
		}
	}

	/**
	 * Gives back what {@link #tryReserve} took.
	 * @param bytes how much
	 */
	void release(long bytes) {
		this.used.addAndGet(-bytes);
	}

	/**
	 * The budget.
	 * @return bytes
	 */
	long budget() {
		return this.budget;
	}

	/**
	 * The memory reserved now.
	 * @return bytes
	 */
	long used() {
		return this.used.get();
	}

}
