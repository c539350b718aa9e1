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
 * transfer, never a complete-looking one); after a 413, a 408 or a body that could not be read the connection is
 * closed as soon as the problem is written, instead of Tomcat reading (swallowing) a body the service refused or
 * that never comes. A body that could not be read is answered here with its problem (400 malformed-request or 408
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
		if ((status == 413 || status == 408 || unread) && !request.isAsync()) {
			// no more of this request is read; Tomcat closes the connection after the answer (with Connection: close
			// when the answer is not yet committed)
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
