package io.glorot.system;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import io.glorot.web.problem.FailedAnswers;

/**
 * Ends connections that must not be kept: an answer that failed after its headers were sent is aborted at once
 * (the connection is closed without the rest of the body or the last chunk, so the client sees a truncated
 * transfer, never a complete-looking one); after a 408, a body that could not be read, or a 413 to a client that
 * waits for {@code 100 Continue}, the connection is closed as soon as the problem is written, instead of Tomcat
 * waiting to read (swallow) a body that never comes. A body that could not be read is answered here with its problem (400 malformed-request or 408
 * request-timeout), rather than by an error page.
 */
class ConnectionEndingValve extends ValveBase {

	ConnectionEndingValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (request.getAttribute(FailedAnswers.ABORT_ATTRIBUTE) != null) {
			response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
			return;
		}
		int status = response.getStatus();
		boolean unread = request.getAttribute(FailedAnswers.CLOSE_ATTRIBUTE) != null;
		// a 413 to a client that waits for 100 Continue: no body comes, and none will be invited
		boolean uninvited = status == 413 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
		if ((status == 408 || unread || uninvited) && !request.isAsync()) {
			// no more of this request is read; Tomcat closes the connection after the answer (with Connection: close
			// when the answer is not yet committed). A 413 to a client that is sending its body is left to Tomcat,
			// which reads at most server.tomcat.max-swallow-size more (so the client is not reset before it reads
			// the answer) and then closes
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
		if (unread && response.isError() && !response.isCommitted() && response.setErrorReported()) {
			// Tomcat answered a body it could not read (malformed, or it stopped coming) with sendError(400 or
			// 408): the answer is this problem, not an error page
			response.setSuspended(false);
			response.resetBuffer();
			ProblemErrorReportValve.writeProblem(response, status);
		}
		else if (unread && response.isCommitted()) {
			// the problem is written; no error page after it
			response.setErrorReported();
		}
	}

}
