package io.glorot.web.serving;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * {@code If-None-Match} as RFC 9110 §13.1.2 has it, for answers that always exist once the request is valid: the
 * condition is false when the field is {@code *} or lists the answer's entity tag (weak comparison). For GET and
 * HEAD the answer is then 304; for any other method, 412.
 */
public final class Preconditions {

	private Preconditions() {
	}

	/**
	 * Tells whether {@code If-None-Match} makes a GET or HEAD answer 304 Not Modified.
	 * @param request the request
	 * @param etag the answer's strong entity tag, quoted
	 * @return true for 304
	 * @throws ApiProblem (412) if the condition fails for another method
	 */
	public static boolean noneMatch(HttpServletRequest request, String etag) {
		String header = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (header == null || !matches(header, etag)) {
			return false;
		}
		if (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod())) {
			return true;
		}
		throw new ApiProblem(ProblemType.PRECONDITION_FAILED, "If-None-Match matches the answer's entity tag "
				+ etag + ", so the " + request.getMethod() + " is not performed")
			.parameter("If-None-Match");
	}

	static boolean matches(String header, String etag) {
		String opaque = opaque(etag);
		for (String tag : header.split(",")) {
			String candidate = tag.strip();
			if (candidate.equals("*") || opaque(candidate).equals(opaque)) {
				return true;
			}
		}
		return false;
	}

	/** The tag without its weakness indicator, for weak comparison (RFC 9110 §8.8.3.2). */
	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

}
