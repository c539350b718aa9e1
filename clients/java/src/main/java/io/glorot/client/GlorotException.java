package io.glorot.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refused, with its RFC 9457 problem: {@link #type()} (e.g.
 * {@code urn:glorot:problem:invalid-shape}), {@link #parameter()} (e.g. {@code tensors[3].shape}), the status,
 * and every field of the problem.
 */
public class GlorotException extends RuntimeException {

	private final int status;

	private final Map<String, Object> problem;

	GlorotException(int status, Map<String, Object> problem) {
		super(status + " " + problem.getOrDefault("title", "") + ": " + problem.getOrDefault("detail", ""));
		this.status = status;
		this.problem = Collections.unmodifiableMap(new LinkedHashMap<>(problem));
	}

	/** Reads a problem body; a body that is not a JSON object becomes the problem's {@code detail}. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String body) {
		try {
			Object json = Json.read(body);
			if (json instanceof Map<?, ?> map) {
				return (Map<String, Object>) map;
			}
		}
		catch (RuntimeException ex) {
			// not JSON: keep the text
		}
		return Map.of("detail", body);
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
	 * Returns the problem type, stable across releases.
	 * @return e.g. {@code urn:glorot:problem:invalid-shape}, or null
	 */
	public String type() {
		return text("type");
	}

	/**
	 * Returns the parameter at fault.
	 * @return e.g. {@code shape} or {@code tensors[3].shape}, or null
	 */
	public String parameter() {
		return text("parameter");
	}

	/**
	 * Returns what was wrong and what is allowed.
	 * @return the detail, or null
	 */
	public String detail() {
		return text("detail");
	}

	private String text(String field) {
		Object value = this.problem.get(field);
		return (value != null) ? value.toString() : null;
	}

}
