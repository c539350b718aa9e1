package io.glorot.system;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.problem.ProblemWriter;

/**
 * Tomcat's error report, as a problem: what Tomcat refuses before Spring sees the request (a request line with
 * characters RFC 3986 does not allow, headers above {@code server.max-http-request-header-size}, a malformed
 * request) gets an {@code application/problem+json} body and the security headers instead of Tomcat's HTML page,
 * and never a server version or a stack trace. Answers that already have a body are left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ProblemType type = ProblemType.forStatus(status);
		ProblemDetail problem = ApiProblem.problem(type, detail(status));
		problem.setStatus(status);
		try {
			response.setContentType(ProblemWriter.PROBLEM_JSON);
			response.setCharacterEncoding("UTF-8");
			response.setHeader("Content-Language", null);
			SecurityHeadersFilter.HEADERS.forEach(response::setHeader);
			byte[] body = ProblemWriter.bytes(problem, null);
			response.setContentLength(body.length);
			OutputStream out = response.getOutputStream();
			out.write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed; there is no one left to tell
		}
	}

	private static String detail(int status) {
		if (status >= 500) {
			return "the service failed to answer; the failure is logged";
		}
		if (status == 400) {
			return "the request is not valid HTTP as this server accepts it: a request line with characters "
					+ "that must be percent-encoded, a malformed or too large header, or a malformed body";
		}
		HttpStatus known = HttpStatus.resolve(status);
		return "the request was refused: " + status + ((known != null) ? " " + known.getReasonPhrase() : "");
	}

}
