package io.glorot.web.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

/**
 * What an answer that fails must not carry, and how one that fails after its headers were sent ends
 * (docs/reliability.md, "Error answers are never weights"). A problem answered before the headers are sent loses
 * every header that describes the tensor (its {@code ETag}, {@code Cache-Control}, {@code Tensor-*}, the tensor's
 * {@code Content-Length} and download name), so no cache or client can take the problem for the weights. An answer
 * that fails once its headers are sent cannot become a problem any more: it is aborted at the connection level
 * ({@code ConnectionEndingValve} closes the connection without the last chunk), so the client sees a truncated
 * transfer, never a complete-looking body.
 */
public final class FailedAnswers {

	/** The request attribute that asks for the connection to be closed at once, without ending the answer. */
	public static final String ABORT_ATTRIBUTE = FailedAnswers.class.getName() + ".abort";

	/** The request attribute that asks for the connection to be closed once the answer is written. */
	public static final String CLOSE_ATTRIBUTE = FailedAnswers.class.getName() + ".close";

	/** Headers of a tensor answer that a problem must never carry. */
	private static final List<String> TENSOR_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
			HttpHeaders.EXPIRES, HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_DISPOSITION,
			HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES);

	private FailedAnswers() {
	}

	/**
	 * Removes what describes the tensor from a response not yet committed, and marks it not to be stored.
	 * @param response the response about to carry a problem
	 */
	public static void forgetTensor(HttpServletResponse response) {
		if (response.isCommitted()) {
			return;
		}
		List<String> names = new ArrayList<>(response.getHeaderNames());
		for (String name : names) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.startsWith("tensor-") || TENSOR_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
				response.setHeader(name, null);
			}
		}
		// Tomcat keeps the length apart from the other headers
		response.setContentLengthLong(-1);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
	}

	/**
	 * Asks for the connection to be closed at once if the response is already committed: its status and headers are
	 * sent, so no problem can be answered any more.
	 * @param request the request
	 * @param response the response
	 * @return whether the answer was committed, and so is to be aborted
	 */
	public static boolean abortIfCommitted(HttpServletRequest request, HttpServletResponse response) {
		if (!response.isCommitted()) {
			return false;
		}
		abort(request);
		return true;
	}

	/**
	 * Asks for the connection to be closed at once, whatever was sent.
	 * @param request the request
	 */
	public static void abort(HttpServletRequest request) {
		request.setAttribute(ABORT_ATTRIBUTE, Boolean.TRUE);
	}

	/**
	 * Asks for the connection to be closed once the answer is written, rather than kept for another request: the
	 * rest of the request (a malformed or unfinished body) cannot be read.
	 * @param request the request
	 */
	public static void closeAfter(HttpServletRequest request) {
		request.setAttribute(CLOSE_ATTRIBUTE, Boolean.TRUE);
	}

}
