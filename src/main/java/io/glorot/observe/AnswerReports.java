package io.glorot.observe;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reports an API answer made outside the servlet filter chain (the small-answer lane of {@code /v1/weights}) exactly
 * as {@link TensorAnswerFilter} reports the others: the same {@link TensorAnswer}, to the same consumers; an answer
 * that would be reported nowhere (no answer lines, no recording span) is not read back from the response at all.
 */
public final class AnswerReports {

	private final AnswerReporter reporter;

	AnswerReports(AnswerReporter reporter) {
		this.reporter = reporter;
	}

	/**
	 * Reports an answer whose body is written. Call it while the request's observation is still open.
	 * @param request the request
	 * @param response its response
	 * @param startNanos {@link System#nanoTime()} when the request arrived
	 * @param bytes body bytes written
	 */
	public void ended(HttpServletRequest request, HttpServletResponse response, long startNanos, long bytes) {
		// most small answers go nowhere (no answer lines, an unsampled span): reading one back from the response
		// would be wasted
		if (this.reporter.wants(request)) {
			this.reporter
				.accept(new TensorAnswerFilter.Ended(request, TensorAnswer.of(request, response, startNanos, bytes)));
		}
	}

}
