package io.glorot.web.admission;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Bounds the generations in flight: a lane of {@code max-generations} slots and {@code max-elements-in-flight}
 * elements for large answers, and a separate lane of {@code max-small} slots for small ones. A request that finds
 * its lane full is refused at once with 503 {@code urn:glorot:problem:overloaded} and {@code Retry-After}; nothing
 * queues. A slot is held from admission until the answer's body is written, fails, or the request ends, whichever
 * comes first ({@link AdmissionReleaseFilter} releases what a body never ran to release). Large bodies are written
 * from platform threads, so that they cannot hold the virtual-thread carriers that small requests need.
 */
@Component
public class AdmissionControl implements DisposableBean {

	/** The request attribute that holds a request's {@link Permit}. */
	static final String PERMIT_ATTRIBUTE = AdmissionControl.class.getName() + ".permit";

	private final AdmissionProperties properties;

	private final Semaphore large;

	private final Semaphore small;

	private final AtomicLong elements = new AtomicLong();

	private final AtomicLong largeInFlight = new AtomicLong();

	private final Counter rejectedLarge;

	private final Counter rejectedSmall;

	private final Counter rejectedMemory;

	private final Counter timedOut;

	private final ExecutorService largeBodies;

	private final MemoryBudget memory;

	AdmissionControl(AdmissionProperties properties, MeterRegistry registry) {
		this(properties, MemoryBudget.unlimited(), registry);
	}

	@Autowired
	AdmissionControl(AdmissionProperties properties, MemoryBudget memory, MeterRegistry registry) {
		this.properties = properties;
		this.memory = memory;
		ThreadPoolExecutor largeBodies = new ThreadPoolExecutor(properties.maxGenerations(),
				properties.maxGenerations(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				Thread.ofPlatform().name("glorot-large-", 0).daemon(true).factory());
		largeBodies.allowCoreThreadTimeOut(true);
		this.largeBodies = largeBodies;
		this.large = new Semaphore(properties.maxGenerations());
		this.small = new Semaphore(properties.maxSmall());
		this.rejectedLarge = rejected(registry, "large");
		this.rejectedSmall = rejected(registry, "small");
		this.rejectedMemory = rejected(registry, "memory");
		this.timedOut = Counter.builder("glorot.responses.timed-out")
			.description("Answers ended because the client did not read within the write timeout")
			.register(registry);
		Gauge.builder("glorot.admission.generations", this.large,
				(s) -> properties.maxGenerations() - s.availablePermits())
			.description("Generations in flight")
			.tag("lane", "large")
			.register(registry);
		Gauge.builder("glorot.admission.generations", this.small, (s) -> properties.maxSmall() - s.availablePermits())
			.description("Generations in flight")
			.tag("lane", "small")
			.register(registry);
		Gauge.builder("glorot.admission.elements", this.elements, AtomicLong::get)
			.description("Elements of large answers in flight")
			.register(registry);
	}

	private static Counter rejected(MeterRegistry registry, String lane) {
		return Counter.builder("glorot.admission.rejected")
			.description("Requests refused with 503 because their lane was full")
			.tag("lane", lane)
			.register(registry);
	}

	/**
	 * Admits a request or refuses it with a 503 problem. The permit is kept on the request, so that it is released
	 * when the request ends even if no body ever runs.
	 * @param request the request
	 * @param elements the elements (or generator work) the answer takes
	 * @return the permit, to release when the answer is written
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	Permit admit(HttpServletRequest request, long elements) {
		return admit(request, elements, 0);
	}

	private Permit admit(HttpServletRequest request, long elements, long bytes) {
		Permit permit = (elements <= this.properties.smallElements()) ? admitSmall(bytes) : admitLarge(elements, bytes);
		request.setAttribute(PERMIT_ATTRIBUTE, permit);
		return permit;
	}

	/**
	 * Admits a request and wraps its streaming body so that the permit is released when the body ends, and a
	 * write that times out is counted. This is the one place a streaming answer is guarded.
	 * @param request the request
	 * @param elements the elements (or generator work) the answer takes
	 * @param body the answer's body
	 * @return the guarded body
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	public StreamingResponseBody guard(HttpServletRequest request, long elements, StreamingResponseBody body) {
		return guard(request, elements, this.memory.anyStream(elements), body);
	}

	/**
	 * Admits a request whose answer holds a known amount of memory while it streams (see {@link MemoryBudget}), and
	 * guards its body as {@link #guard(HttpServletRequest, long, StreamingResponseBody)} does.
	 * @param request the request
	 * @param elements the elements (or generator work) the answer takes
	 * @param bytes the memory its stream holds, from {@link MemoryBudget#binaryStream} or
	 * {@link MemoryBudget#jsonStream}
	 * @param body the answer's body
	 * @return the guarded body
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane or the memory budget is full
	 */
	public StreamingResponseBody guard(HttpServletRequest request, long elements, long bytes,
			StreamingResponseBody body) {
		Permit permit = admit(request, elements, bytes);
		StreamingResponseBody guarded = (out) -> {
			try (permit) {
				body.writeTo(new GuardedOutputStream(out, this.timedOut));
			}
		};
		return permit.isLarge() ? (out) -> onPlatformThread(guarded, out) : guarded;
	}

	/**
	 * The memory a stream of an answer holds while it is written, for {@link #guard(HttpServletRequest, long, long,
	 * StreamingResponseBody)}.
	 * @param elements the elements it writes
	 * @param elementBytes the size of one element of its dtype
	 * @param json whether it is written as JSON text
	 * @return bytes
	 */
	public long streamBytes(long elements, int elementBytes, boolean json) {
		return json ? this.memory.jsonStream(elements) : this.memory.binaryStream(elements, elementBytes);
	}

	/**
	 * Admits a request whose answer is computed before it is sent (the histogram), computes it, and releases the
	 * slot; a large computation runs on a platform thread, for the reason {@link #guard} writes large bodies there.
	 * @param <T> the answer's type
	 * @param request the request
	 * @param elements the elements the computation takes
	 * @param computation the computation
	 * @return its result
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	public <T> T compute(HttpServletRequest request, long elements, Supplier<T> computation) {
		try (Permit permit = admit(request, elements)) {
			if (!permit.isLarge()) {
				return computation.get();
			}
			Future<T> task = this.largeBodies.submit(computation::get);
			try {
				return task.get();
			}
			catch (InterruptedException ex) {
				task.cancel(true);
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while computing the answer", ex);
			}
			catch (ExecutionException ex) {
				switch (ex.getCause()) {
					case RuntimeException runtime -> throw runtime;
					case Error error -> throw error;
					default -> throw new IllegalStateException(ex.getCause());
				}
			}
		}
	}

	/**
	 * Runs a large answer's body on a platform thread of its own while the (virtual) request thread waits
	 * unmounted. Generating is CPU-bound and the JVM never preempts a virtual thread, so large bodies run on the
	 * few virtual-thread carriers (one per core) would hold them all and starve the small requests queued behind;
	 * platform threads are time-sliced by the operating system, and the carriers stay free. The pool never holds
	 * more threads than there are large slots.
	 */
	private void onPlatformThread(StreamingResponseBody body, OutputStream out) throws IOException {
		Future<?> task = this.largeBodies.submit(() -> {
			body.writeTo(out);
			return null;
		});
		try {
			task.get();
		}
		catch (InterruptedException ex) {
			task.cancel(true);
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while the answer was written");
		}
		catch (ExecutionException ex) {
			switch (ex.getCause()) {
				case IOException io -> throw io;
				case RuntimeException runtime -> throw runtime;
				case Error error -> throw error;
				default -> throw new IOException(ex.getCause());
			}
		}
	}

	@Override
	public void destroy() {
		this.largeBodies.shutdownNow();
	}

	private Permit admitSmall(long bytes) {
		if (!this.small.tryAcquire()) {
			this.rejectedSmall.increment();
			throw overloaded("small");
		}
		if (!this.memory.tryReserveSmall(bytes)) {
			this.small.release();
			this.rejectedMemory.increment();
			throw overloaded("memory");
		}
		return new Permit(this.small, 0, bytes);
	}

	private Permit admitLarge(long count, long bytes) {
		if (!this.large.tryAcquire()) {
			this.rejectedLarge.increment();
			throw overloaded("large");
		}
		if (!this.memory.tryReserveLarge(bytes)) {
			this.large.release();
			this.rejectedMemory.increment();
			throw overloaded("memory");
		}
		if (!reserve(count)) {
			this.memory.release(bytes);
			this.large.release();
			this.rejectedLarge.increment();
			throw overloaded("large");
		}
		return new Permit(this.large, count, bytes);
	}

	/** Reserves elements; one answer above the bound is let in alone. */
	private boolean reserve(long count) {
		long max = this.properties.maxElementsInFlight();
		while (true) {
			long current = this.elements.get();
			long next = current + count;
			boolean alone = this.largeInFlight.get() == 0 && current == 0;
			if (next > max && !alone) {
				return false;
			}
			if (this.elements.compareAndSet(current, next)) {
				this.largeInFlight.incrementAndGet();
				return true;
			}
		}
	}

	private ApiProblem overloaded(String lane) {
		long seconds = this.properties.retryAfterSeconds();
		String what = "memory".equals(lane)
				? "the answers in flight hold as much memory as the service allows (glorot.admission.memory)"
				: "the service is generating as many " + lane + " answers as it is configured to";
		ApiProblem problem = new ApiProblem(ProblemType.OVERLOADED, what + "; retry after " + seconds + " s")
			.with("lane", lane)
			.with("retryAfterSeconds", seconds);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return problem;
	}

	/**
	 * Releases a request's permit if it still holds one.
	 * @param request the request
	 */
	static void release(HttpServletRequest request) {
		if (request.getAttribute(PERMIT_ATTRIBUTE) instanceof Permit permit) {
			permit.close();
		}
	}

	/** A generation slot; closing it more than once releases it once. */
	final class Permit implements AutoCloseable {

		private final Semaphore lane;

		private final long count;

		private final long bytes;

		private final AtomicBoolean released = new AtomicBoolean();

		private Permit(Semaphore lane, long count, long bytes) {
			this.lane = lane;
			this.count = count;
			this.bytes = bytes;
		}

		boolean isLarge() {
			return this.lane == AdmissionControl.this.large;
		}

		@Override
		public void close() {
			if (this.released.compareAndSet(false, true)) {
				if (this.count > 0) {
					AdmissionControl.this.elements.addAndGet(-this.count);
					AdmissionControl.this.largeInFlight.decrementAndGet();
				}
				AdmissionControl.this.memory.release(this.bytes);
				this.lane.release();
			}
		}

	}

	/**
	 * The output of a guarded answer. Counts, once per answer, a write that failed because the client stopped
	 * reading. And after each write it yields a virtual thread's carrier: generating is CPU-bound, a virtual thread
	 * is never preempted, and a fast reader never blocks the writer, so without the yield a few large streams hold
	 * every carrier and the small requests queued behind them wait for whole answers (docs/reliability.md).
	 */
	static final class GuardedOutputStream extends OutputStream {

		private final OutputStream out;

		private final Counter timedOut;

		private boolean counted;

		GuardedOutputStream(OutputStream out, Counter timedOut) {
			this.out = out;
			this.timedOut = timedOut;
		}

		@Override
		public void write(int b) throws IOException {
			try {
				this.out.write(b);
			}
			catch (IOException ex) {
				throw counted(ex);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			try {
				this.out.write(b, off, len);
			}
			catch (IOException ex) {
				throw counted(ex);
			}
			if (Thread.currentThread().isVirtual()) {
				Thread.yield();
			}
		}

		@Override
		public void flush() throws IOException {
			try {
				this.out.flush();
			}
			catch (IOException ex) {
				throw counted(ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.out.close();
		}

		private IOException counted(IOException ex) {
			if (!this.counted && isTimeout(ex)) {
				this.counted = true;
				this.timedOut.increment();
			}
			return ex;
		}

		static boolean isTimeout(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof java.net.SocketTimeoutException
						|| cause instanceof java.util.concurrent.TimeoutException
						|| cause instanceof java.nio.channels.InterruptedByTimeoutException) {
					return true;
				}
			}
			return false;
		}

	}

}
