package io.glorot.web.admission;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpHeaders;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * The two lanes generations go through: {@code max-generations} slots and {@code max-elements-in-flight} elements
 * for large answers, and {@code max-small} slots for small ones. A request that finds its lane full is refused at
 * once with 503 {@code overloaded} and {@code Retry-After}; nothing queues.
 */
final class GenerationLanes {

	/** The lane names, as the problems and meters give them. */
	static final String LARGE = "large";

	static final String SMALL = "small";

	/** The lane a refusal names when the memory budget, not a lane, is full. */
	static final String MEMORY = "memory";

	private final AdmissionProperties properties;

	private final AdmissionMeters meters;

	private final MemoryBudget memory;

	private final Semaphore large;

	private final Semaphore small;

	private final AtomicLong elements = new AtomicLong();

	private final AtomicLong largeInFlight = new AtomicLong();

	GenerationLanes(AdmissionProperties properties, MemoryBudget memory, AdmissionMeters meters) {
		this.properties = properties;
		this.memory = memory;
		this.meters = meters;
		this.large = new Semaphore(properties.maxGenerations());
		this.small = new Semaphore(properties.maxSmall());
	}

	/**
	 * Takes a slot in the lane the work belongs to, and the memory its answer holds from the budget.
	 * @param work the elements (or generator work) the answer takes
	 * @param bytes the memory the answer holds while it is made and written
	 * @return the permit, to close when the answer is written
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane or the memory budget is full
	 */
	Permit admit(long work, long bytes) {
		return laneOf(work).equals(SMALL) ? admitSmall(bytes) : admitLarge(work, bytes);
	}

	/**
	 * The lane work goes to.
	 * @param work the elements (or generator work) the answer takes
	 * @return {@link #SMALL} or {@link #LARGE}
	 */
	String laneOf(long work) {
		return (work <= this.properties.smallElements()) ? SMALL : LARGE;
	}

	/** Generations in flight in a lane, for the meters. */
	int inFlight(String lane) {
		return lane.equals(LARGE) ? this.properties.maxGenerations() - this.large.availablePermits()
				: this.properties.maxSmall() - this.small.availablePermits();
	}

	/** Elements of large answers in flight, for the meters. */
	long elementsInFlight() {
		return this.elements.get();
	}

	private Permit admitSmall(long bytes) {
		if (!this.small.tryAcquire()) {
			throw overloaded(SMALL);
		}
		if (!this.memory.tryReserveSmall(bytes)) {
			this.small.release();
			throw overloaded(MEMORY);
		}
		return new Permit(this.small, 0, bytes);
	}

	private Permit admitLarge(long count, long bytes) {
		if (!this.large.tryAcquire()) {
			throw overloaded(LARGE);
		}
		if (!this.memory.tryReserveLarge(bytes)) {
			this.large.release();
			throw overloaded(MEMORY);
		}
		if (!reserve(count)) {
			this.memory.release(bytes);
			this.large.release();
			throw overloaded(LARGE);
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
		this.meters.rejected(lane);
		long seconds = this.properties.retryAfterSeconds();
		String what = MEMORY.equals(lane)
				? "the answers in flight hold as much memory as the service allows (glorot.admission.memory)"
				: "the service is generating as many " + lane + " answers as it is configured to";
		ApiProblem problem = new ApiProblem(ProblemType.OVERLOADED, what + "; retry after " + seconds + " s")
			.with("lane", lane)
			.with("retryAfterSeconds", seconds);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return problem;
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
			return this.lane == GenerationLanes.this.large;
		}

		@Override
		public void close() {
			if (this.released.compareAndSet(false, true)) {
				if (this.count > 0) {
					GenerationLanes.this.elements.addAndGet(-this.count);
					GenerationLanes.this.largeInFlight.decrementAndGet();
				}
				GenerationLanes.this.memory.release(this.bytes);
				this.lane.release();
			}
		}

	}

}
