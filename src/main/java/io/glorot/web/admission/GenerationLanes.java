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

	private final AdmissionProperties properties;

	private final AdmissionMeters meters;

	private final Semaphore large;

	private final Semaphore small;

	private final AtomicLong elements = new AtomicLong();

	private final AtomicLong largeInFlight = new AtomicLong();

	GenerationLanes(AdmissionProperties properties, AdmissionMeters meters) {
		this.properties = properties;
		this.meters = meters;
		this.large = new Semaphore(properties.maxGenerations());
		this.small = new Semaphore(properties.maxSmall());
	}

	/**
	 * Takes a slot in the lane the work belongs to.
	 * @param work the elements (or generator work) the answer takes
	 * @return the permit, to close when the answer is written
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	Permit admit(long work) {
		return laneOf(work).equals(SMALL) ? admitSmall() : admitLarge(work);
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

	private Permit admitSmall() {
		if (!this.small.tryAcquire()) {
			throw overloaded(SMALL);
		}
		return new Permit(this.small, 0);
	}

	private Permit admitLarge(long count) {
		if (!this.large.tryAcquire()) {
			throw overloaded(LARGE);
		}
		if (!reserve(count)) {
			this.large.release();
			throw overloaded(LARGE);
		}
		return new Permit(this.large, count);
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
		ApiProblem problem = new ApiProblem(ProblemType.OVERLOADED, "the service is generating as many "
				+ lane + " answers as it is configured to; retry after " + seconds + " s")
			.with("lane", lane)
			.with("retryAfterSeconds", seconds);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return problem;
	}

	/** A generation slot; closing it more than once releases it once. */
	final class Permit implements AutoCloseable {

		private final Semaphore lane;

		private final long count;

		private final AtomicBoolean released = new AtomicBoolean();

		private Permit(Semaphore lane, long count) {
			this.lane = lane;
			this.count = count;
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
				this.lane.release();
			}
		}

	}

}
