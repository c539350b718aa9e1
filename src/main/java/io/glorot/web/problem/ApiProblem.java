package io.glorot.web.problem;

import java.util.List;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the API refuses, as an RFC 9457 problem: a stable type, its fixed title, and a detail that names the
 * parameter, the value and what is allowed.
 */
public class ApiProblem extends ErrorResponseException {

	/** Longest rejected value echoed back in a problem; longer ones are cut. */
	static final int MAX_ECHO = 100;

	/**
	 * Makes a problem.
	 * @param type the kind of problem
	 * @param detail the explanation for the client
	 */
	public ApiProblem(ProblemType type, String detail) {
		super(type.status(), problem(type, detail), null);
	}

	public static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return problem;
	}

	/**
	 * Names the parameter at fault.
	 * @param name the parameter's name
	 * @return this problem
	 */
	public ApiProblem parameter(String name) {
		getBody().setProperty("parameter", name);
		return this;
	}

	/**
	 * Lists what the parameter allows.
	 * @param allowed the allowed values, or a description of them
	 * @return this problem
	 */
	public ApiProblem allowed(Object allowed) {
		getBody().setProperty("allowed", allowed);
		return this;
	}

	/**
	 * Adds a property to the problem body.
	 * @param name the property
	 * @param value its value
	 * @return this problem
	 */
	public ApiProblem with(String name, Object value) {
		getBody().setProperty(name, value);
		return this;
	}

	/**
	 * Quotes a rejected value for a detail message, cut to a safe length, with control characters escaped.
	 * @param value what the client sent
	 * @return the value in single quotes
	 */
	public static String quote(String value) {
		String cut = (value.length() > MAX_ECHO) ? value.substring(0, MAX_ECHO) + "..." : value;
		StringBuilder quoted = new StringBuilder("'");
		cut.codePoints().forEach((cp) -> {
			if (Character.isISOControl(cp)) {
				quoted.append(String.format("\\u%04x", cp));
			}
			else {
				quoted.appendCodePoint(cp);
			}
		});
		return quoted.append('\'').toString();
	}

	/**
	 * A value that is not one of an enumeration's names.
	 * @param parameter the parameter
	 * @param value the rejected value
	 * @param allowed the names it takes
	 * @return the problem
	 */
	public static ApiProblem notOneOf(String parameter, String value, List<String> allowed) {
		return new ApiProblem(ProblemType.INVALID_PARAMETER,
				"'" + parameter + "' must be one of " + String.join(", ", allowed) + "; got " + quote(value))
			.parameter(parameter)
			.allowed(allowed);
	}

}
