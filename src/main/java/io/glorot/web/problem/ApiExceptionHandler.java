package io.glorot.web.problem;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;


/**
 * Answers every failure with an RFC 9457 problem: the API's own {@link ApiProblem}s as they are, Spring MVC's
 * exceptions with the API's stable types and titles, and anything unexpected as a bare 500 that reveals nothing of
 * the implementation. A failure after the answer's headers were sent aborts the connection instead
 * ({@link FailedAnswers}); a failure of the connection itself is counted by {@link TransportFailures}, not logged
 * as an error.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	private final TransportFailures transportFailures;

	ApiExceptionHandler(TransportFailures transportFailures) {
		this.transportFailures = transportFailures;
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
			// an answer whose headers are sent cannot become a problem: it is cut; one not yet sent forgets the tensor
			if (FailedAnswers.abortIfCommitted(servlet.getRequest(), servlet.getResponse())) {
				return null;
			}
			FailedAnswers.forgetTensor(servlet.getResponse());
		}
		Object problemBody = body;
		if (problemBody == null && ex instanceof ErrorResponse response) {
			problemBody = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
		}
		if (problemBody instanceof ProblemDetail problem && !(ex instanceof ApiProblem)) {
			restyle(ex, problem, status);
		}
		if (problemBody instanceof ProblemDetail problem && problem.getInstance() == null
				&& request instanceof ServletWebRequest servlet) {
			problem.setInstance(instance(servlet.getRequest().getRequestURI()));
		}
		return super.handleExceptionInternal(ex, problemBody, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProblemCause known) {
				ApiProblem problem = known.problem();
				return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
			}
		}
		Optional<TransportFailures.Cause> transport = TransportFailures.classify(ex.getCause());
		if (transport.isPresent()) {
			return transportFailure(ex, transport.get(), request);
		}
		ProblemDetail problem = ApiProblem.problem(ProblemType.MALFORMED_BODY,
				"the request body is missing or unreadable; send a JSON object");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * Answers a query string that Tomcat could not decode (malformed {@code %} escapes, bytes that are not UTF-8,
	 * too many parameters) as a 400 problem; Tomcat raises it when the parameters are first read.
	 * @param ex the failure
	 * @param request the request
	 * @return a 400 problem
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> handleInvalidParameters(InvalidParameterException ex, WebRequest request) {
		ProblemDetail problem = ApiProblem.problem(ProblemType.BAD_REQUEST, "the query string could not be decoded: "
				+ "give parameters as name=value pairs separated by '&', with '%' followed by two hex digits of "
				+ "UTF-8, and at most as many parameters as the server allows");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), ProblemType.BAD_REQUEST.status(), request);
	}

	/**
	 * A failure to write an answer already under way: the client went away (the connection closed, or the request
	 * thread was interrupted while a large answer was written for it on another thread). Nobody is left to answer,
	 * and it is the client's choice, not a fault of the service, so it is logged at debug level only. An I/O
	 * failure before anything was sent is answered like any unexpected failure; one the connection itself raised
	 * (a timeout, a malformed upload, an abort) is counted by cause ({@link TransportFailures}).
	 * @param ex the failure
	 * @param request the request
	 * @return nothing when the answer was under way, else a 500 problem
	 */
	@ExceptionHandler(IOException.class)
	ResponseEntity<Object> handleClientGone(IOException ex, WebRequest request) {
		Optional<TransportFailures.Cause> transport = TransportFailures.classify(ex);
		if (transport.isPresent()) {
			return transportFailure(ex, transport.get(), request);
		}
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
				&& servlet.getResponse().isCommitted()) {
			log.debug("Client went away answering " + request.getDescription(false) + ": " + ex);
			return null;
		}
		return handleUnexpected(ex, request);
	}

	/**
	 * Answers what nothing else caught, without details.
	 * @param ex the failure
	 * @param request the request
	 * @return a 500 problem
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		Optional<TransportFailures.Cause> transport = TransportFailures.classify(ex);
		if (transport.isPresent()) {
			return transportFailure(ex, transport.get(), request);
		}
		log.error("Unexpected failure answering " + request.getDescription(false), ex);
		ProblemDetail problem = ApiProblem.problem(ProblemType.INTERNAL_ERROR,
				"the service failed to answer; the failure is logged");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), ProblemType.INTERNAL_ERROR.status(),
				request);
	}

	/**
	 * A failure of the connection: counted, logged at debug. A body that could not be read (malformed, or it stopped
	 * coming) is answered with a 400 or 408 problem (written by {@code ConnectionEndingValve} over the answer Tomcat
	 * chose), and the connection is closed after it; a client that left, or an answer already started, gets the
	 * connection closed at once.
	 */
	private ResponseEntity<Object> transportFailure(Exception ex, TransportFailures.Cause cause, WebRequest request) {
		this.transportFailures.count(cause);
		if (log.isDebugEnabled()) {
			log.debug("Connection failed (" + cause.tag() + ") answering " + request.getDescription(false) + ": " + ex);
		}
		if (!(request instanceof ServletWebRequest servlet)) {
			return null;
		}
		boolean unread = cause == TransportFailures.Cause.MALFORMED_UPLOAD || cause == TransportFailures.Cause.TIMEOUT;
		if (unread) {
			FailedAnswers.closeAfter(servlet.getRequest());
			if (servlet.getResponse() == null || servlet.getResponse().isCommitted()) {
				// Tomcat has answered sendError(400 or 408), which suspends the answer (so it looks committed here);
				// ConnectionEndingValve writes that as a problem and closes the connection
				return null;
			}
			ProblemType type = (cause == TransportFailures.Cause.TIMEOUT) ? ProblemType.REQUEST_TIMEOUT
					: ProblemType.MALFORMED_REQUEST;
			ApiProblem problem = new ApiProblem(type, "the request body could not be read as HTTP/1.1 allows "
					+ "(a malformed chunk, too many trailer fields); the connection is closed");
			return handleExceptionInternal(problem, problem.getBody(), new HttpHeaders(), type.status(), request);
		}
		FailedAnswers.abort(servlet.getRequest());
		return null;
	}

	/**
	 * The problem's {@code instance}: the request path as a URI reference. Spring would otherwise parse the raw path
	 * itself and fail on paths such as {@code //}, which Tomcat lets through, turning a 404 into a 500.
	 */
	static URI instance(String path) {
		try {
			return new URI(null, null, path, null);
		}
		catch (URISyntaxException ex) {
			String collapsed = path.replaceFirst("^/+", "/");
			try {
				return new URI(null, null, collapsed, null);
			}
			catch (URISyntaxException again) {
				return URI.create("/");
			}
		}
	}

	/** Gives Spring's own problems the API's type and title for their status, keeping Spring's detail. */
	private static void restyle(Exception ex, ProblemDetail problem, HttpStatusCode status) {
		ProblemType type = status.is5xxServerError() ? ProblemType.INTERNAL_ERROR
				: (status.value() == 400 && ex instanceof HttpMessageNotReadableException) ? ProblemType.MALFORMED_BODY
						: ProblemType.forStatus(status.value());
		if (ex instanceof HttpMediaTypeNotSupportedException unsupported && unsupported.getContentType() == null) {
			problem.setDetail("the request has no Content-Type; send the body as application/json");
		}
		problem.setType(type.uri());
		problem.setTitle(type.title());
		if (status.is5xxServerError()) {
			problem.setDetail("the service failed to answer; the failure is logged");
		}
	}

}
