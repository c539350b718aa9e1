package io.glorot.web.problem;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, as a problem: what the servlet container answers itself and sends to the error path (a method
 * it refuses such as TRACE, the protected {@code /META-INF/} and {@code /WEB-INF/} paths, a failure outside Spring
 * MVC) gets an {@code application/problem+json} body with the same status, and a request for the error path itself
 * is a 404 like any other path without a resource. It replaces Spring Boot's JSON error page.
 */
@RestController
class ProblemErrorController implements ErrorController {

	private final ProblemWriter writer = new ProblemWriter();

	@RequestMapping("${server.error.path:${error.path:/error}}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (uri instanceof String text) ? text : request.getRequestURI();
		int status = (code instanceof Integer value && value >= 400) ? value : HttpStatus.NOT_FOUND.value();
		ProblemType type = ProblemType.forStatus(status);
		ApiProblem problem = new ApiProblem(type, detail(status, request.getMethod(), path));
		problem.getBody().setStatus(status);
		problem.getBody().setInstance(ApiExceptionHandler.instance(path));
		if (response.isCommitted()) {
			return;
		}
		this.writer.write(request, response, problem);
	}

	private static String detail(int status, String method, String path) {
		if (status >= 500) {
			return "the service failed to answer; the failure is logged";
		}
		return switch (status) {
			case 404 -> "there is nothing at " + path + "; the API is under /v1/weights (see /v3/api-docs)";
			case 405 -> method + " is not allowed on " + path + "; the API takes GET, HEAD and POST";
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				yield "the request was refused: " + status + ((known != null) ? " " + known.getReasonPhrase() : "");
			}
		};
	}

}
