package io.glorot.web.admission;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.observe.TensorAnswer;
import io.glorot.web.admission.GenerationLanes.Permit;
import io.glorot.web.problem.ApiProblem;

/**
 * Bounds the generations in flight, the one entry point of admission for the endpoints. Its concerns live apart:
 * the lanes and their slots ({@link GenerationLanes}), the memory streams hold ({@link MemoryBudget}), running large
 * answers on platform threads
 * ({@link PlatformThreads}), the output a streamed answer is written through ({@link GuardedOutputStream}), and
 * the meters ({@link AdmissionMeters}). A slot is held from admission until the answer's body is written, fails,
 * or the request ends, whichever comes first ({@link AdmissionReleaseFilter} releases what a body never ran to
 * release).
 */
@Component
public class AdmissionControl implements DisposableBean {

	/** The request attribute that holds a request's {@link Permit}. */
	static final String PERMIT_ATTRIBUTE = AdmissionControl.class.getName() + ".permit";

	private final AdmissionMeters meters;

	private final GenerationLanes lanes;

	private final PlatformThreads platformThreads;

	private final MemoryBudget memory;

	AdmissionControl(AdmissionProperties properties, MeterRegistry registry) {
		this(properties, MemoryBudget.unlimited(), registry);
	}

	@Autowired
	AdmissionControl(AdmissionProperties properties, MemoryBudget memory, MeterRegistry registry) {
		this.memory = memory;
		this.meters = new AdmissionMeters(registry);
		this.lanes = new GenerationLanes(properties, memory, this.meters);
		this.meters.watch(this.lanes);
		this.platformThreads = new PlatformThreads(properties.maxGenerations());
	}

	/**
	 * Admits a request or refuses it with a 503 problem. The permit is kept on the request, so that it is released
	 * when the request ends even if no body ever runs.
	 * @param request the request
	 * @param work the elements (or generator work) the answer takes
	 * @return the permit, to release when the answer is written
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	Permit admit(HttpServletRequest request, long work) {
		return admit(request, work, 0);
	}

	/**
	 * Admits a request whose answer holds memory from the budget, or refuses it with a 503 problem.
	 * @param request the request
	 * @param work the elements (or generator work) the answer takes
	 * @param bytes the memory its answer holds while it is made and written
	 * @return the permit, to release when the answer is written
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane or the memory budget is full
	 */
	Permit admit(HttpServletRequest request, long work, long bytes) {
		request.setAttribute(TensorAnswer.LANE_ATTRIBUTE, this.lanes.laneOf(work));
		Permit permit = this.lanes.admit(work, bytes);
		request.setAttribute(PERMIT_ATTRIBUTE, permit);
		return permit;
	}

	/**
	 * Admits a request and wraps its streaming body so that the permit is released when the body ends, and a
	 * write that times out is counted. This is the one place a streaming answer is guarded.
	 * @param request the request
	 * @param work the elements (or generator work) the answer takes
	 * @param body the answer's body
	 * @return the guarded body
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane or the memory budget is full
	 */
	public StreamingResponseBody guard(HttpServletRequest request, long work, StreamingResponseBody body) {
		return guard(request, work, this.memory.anyStream(work), body);
	}

	/**
	 * Admits a request whose answer holds a known amount of memory while it streams (see {@link MemoryBudget}), and
	 * guards its body as {@link #guard(HttpServletRequest, long, StreamingResponseBody)} does.
	 * @param request the request
	 * @param work the elements (or generator work) the answer takes
	 * @param bytes the memory its stream holds, from {@link #streamBytes}
	 * @param body the answer's body
	 * @return the guarded body
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane or the memory budget is full
	 */
	public StreamingResponseBody guard(HttpServletRequest request, long work, long bytes,
			StreamingResponseBody body) {
		Permit permit = admit(request, work, bytes);
		StreamingResponseBody guarded = (out) -> {
			try (permit) {
				body.writeTo(new GuardedOutputStream(out, this.meters.timedOut()));
			}
		};
		return permit.isLarge() ? (out) -> this.platformThreads.write(guarded, out) : guarded;
	}

	/**
	 * Admits a request whose answer is computed before it is sent (small tensor answers, the histogram), computes
	 * it, and releases the slot; a large computation runs on a platform thread, for the reason {@link #guard}
	 * writes large bodies there.
	 * @param <T> the answer's type
	 * @param request the request
	 * @param work the elements the computation takes
	 * @param computation the computation
	 * @return its result
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	public <T> T compute(HttpServletRequest request, long work, Supplier<T> computation) {
		return admitted(request, work, computation).get();
	}

	/**
	 * Admits a request whose answer is computed before it is sent, or refuses it with a 503 problem, now; the
	 * computation runs (and the slot is released) when the returned supplier is called, which the caller must do.
	 * @param <T> the answer's type
	 * @param request the request
	 * @param work the elements the computation takes
	 * @param computation the computation
	 * @return the admitted computation, to be called once
	 * @throws ApiProblem (503) {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	public <T> Supplier<T> admitted(HttpServletRequest request, long work, Supplier<T> computation) {
		Permit permit = admit(request, work);
		return () -> {
			try (permit) {
				return permit.isLarge() ? this.platformThreads.compute(computation) : computation.get();
			}
		};
	}

	/**
	 * The memory a stream of an answer holds while it is written, for
	 * {@link #guard(HttpServletRequest, long, long, StreamingResponseBody)}.
	 * @param elements the elements it writes
	 * @param elementBytes the size of one element of its dtype
	 * @param json whether it is written as JSON text
	 * @return bytes
	 */
	public long streamBytes(long elements, int elementBytes, boolean json) {
		return json ? this.memory.jsonStream(elements) : this.memory.binaryStream(elements, elementBytes);
	}

	@Override
	public void destroy() {
		this.platformThreads.close();
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

}
