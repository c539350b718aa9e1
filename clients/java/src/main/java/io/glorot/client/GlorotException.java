package io.glorot.client;

import java.util.Map;

/**
 * A request the server refused, with its RFC 9457 problem.
 */
public class GlorotException extends RuntimeException {

	private final int status;

	private final Map<String, Object> problem;

	GlorotException(int status, Map<String, Object> problem) {
		super(status + " " + problem.getOrDefault("title", "") + ": " + problem.getOrDefault("detail", ""));
		this.status = status;
		this.problem = problem;
	}

	/**
	 * Returns the HTTP status.
	 * @return e.g. 400
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the problem's fields ({@code type}, {@code title}, {@code detail}, {@code parameter}, ...).
	 * @return the problem
	 */
	public Map<String, Object> problem() {
		return this.problem;
	}

	/**
	 * Returns the parameter at fault, e.g. {@code tensors[3].shape}.
	 * @return the parameter, or null
	 */
	public String parameter() {
		Object parameter = this.problem.get("parameter");
		return (parameter != null) ? parameter.toString() : null;
	}

}
