package io.glorot.web.weights;

import org.springframework.http.HttpHeaders;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * A {@code Range} that starts past the end of the answer: 416 with {@code Content-Range: bytes *}{@code /length}.
 */
class RangeNotSatisfiableException extends ApiProblem {

	RangeNotSatisfiableException(String header, long length) {
		super(ProblemType.RANGE_NOT_SATISFIABLE, "the range " + quote(header) + " lies outside the answer, which has "
				+ length + " bytes (bytes 0-" + (length - 1) + ")");
		parameter("Range");
		with("length", length);
		getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
	}

}
