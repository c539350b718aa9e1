package io.glorot.system;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.FailedAnswers;
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
		writeProblem(response, status);
	}

	/**
	 * Writes the problem for a status as the whole answer. A 400 that reaches this valve is the connector's: the
	 * request could not be parsed as HTTP at all.
	 * @param response the response, with nothing written yet
	 * @param status its status
	 */
	static void writeProblem(Response response, int status) {
		ProblemType type = (status == 400) ? ProblemType.MALFORMED_REQUEST : ProblemType.forStatus(status);
		ProblemDetail problem = ApiProblem.problem(type, detail(status));
		problem.setStatus(status);
		try {
			response.setContentType(ProblemWriter.PROBLEM_JSON);
			response.setCharacterEncoding("UTF-8");
			response.setHeader("Content-Language", null);
			FailedAnswers.forgetTensor(response);
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
		switch (status) {
			case 400:
				return "the request is not valid HTTP/1.1 as this server accepts it: a request line with characters "
						+ "that must be percent-encoded, a malformed or too large header, or a malformed chunked body";
			case 408:
				return "the request head or body did not arrive in time; the connection is closed";
			case 413:
				return "the request body is larger than the server accepts; the connection is closed";
			case 501:
				return "the request uses a method or a transfer coding this server does not implement; "
						+ "send GET, HEAD or POST, with no Transfer-Encoding or with 'chunked' alone";
			case 505:
				return "the request line names an HTTP version this server does not speak; use HTTP/1.1";
			default:
				break;
		}
		if (status >= 500) {
			return "the service failed to answer; the failure is logged";
		}
		HttpStatus known = HttpStatus.resolve(status);
		return "the request was refused: " + status + ((known != null) ? " " + known.getReasonPhrase() : "");
	}

}
