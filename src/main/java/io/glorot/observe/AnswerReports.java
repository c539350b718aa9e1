package io.glorot.observe;

import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reports an API answer made outside the servlet filter chain (the small-answer lane of {@code /v1/weights}) exactly
 * as {@link TensorAnswerFilter} reports the others: the same {@link TensorAnswer}, to the same consumers.
 */
public final class AnswerReports {

	private final Consumer<TensorAnswerFilter.Ended> consumer;

	AnswerReports(Consumer<TensorAnswerFilter.Ended> consumer) {
		this.consumer = consumer;
	}

	/**
	 * Reports an answer whose body is written. Call it while the request's observation is still open.
	 * @param request the request
	 * @param response its response
	 * @param startNanos {@link System#nanoTime()} when the request arrived
	 * @param bytes body bytes written
	 */
	public void ended(HttpServletRequest request, HttpServletResponse response, long startNanos, long bytes) {
		this.consumer.accept(new TensorAnswerFilter.Ended(request, TensorAnswer.of(request, response, startNanos, bytes)));
	}

}
