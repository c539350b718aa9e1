package io.glorot.web.admission;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.observe.TensorAnswer;
import io.glorot.web.admission.GenerationLanes.Permit;
import io.glorot.web.problem.ApiProblem;

/**
 * Bounds the generations in flight, the one entry point of admission for the endpoints. Its concerns live apart:
 * the lanes and their slots ({@link GenerationLanes}), running large answers on platform threads
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

	AdmissionControl(AdmissionProperties properties, MeterRegistry registry) {
		this.meters = new AdmissionMeters(registry);
		this.lanes = new GenerationLanes(properties, this.meters);
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
		request.setAttribute(TensorAnswer.LANE_ATTRIBUTE, this.lanes.laneOf(work));
		Permit permit = this.lanes.admit(work);
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
	 * @throws ApiProblem 503 {@code overloaded} with {@code Retry-After} when the lane is full
	 */
	public StreamingResponseBody guard(HttpServletRequest request, long work, StreamingResponseBody body) {
		Permit permit = admit(request, work);
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
		try (Permit permit = admit(request, work)) {
			return permit.isLarge() ? this.platformThreads.compute(computation) : computation.get();
		}
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
