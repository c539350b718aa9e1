package io.glorot.web.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem (RFC 9457) straight to a servlet response, for the places Spring MVC's exception handling does
 * not reach: servlet filters, and Tomcat's error report for requests it refused itself.
 */
public final class ProblemWriter {

	/** The problem media type. */
	public static final String PROBLEM_JSON = "application/problem+json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Writes a problem as the whole response.
	 * @param request the request, for the {@code instance}
	 * @param response the response, not yet committed
	 * @param problem the problem
	 * @throws IOException if writing fails
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException {
		ProblemDetail detail = problem.getBody();
		response.setStatus(detail.getStatus());
		problem.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
		byte[] body = bytes(detail,
				(detail.getInstance() != null) ? detail.getInstance().toString() : request.getRequestURI());
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/**
	 * Renders a problem.
	 * @param problem the problem
	 * @param instance the request path, or {@code null}
	 * @return the JSON bytes
	 */
	public static byte[] bytes(ProblemDetail problem, String instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (instance != null) {
			body.put("instance", instance);
		}
		if (problem.getProperties() != null) {
			problem.getProperties().forEach(body::putIfAbsent);
		}
		return JSON.writeValueAsBytes(body);
	}

}
