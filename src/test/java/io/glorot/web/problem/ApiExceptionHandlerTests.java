package io.glorot.web.problem;

import java.io.InterruptedIOException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An I/O failure while an answer is under way is the client going away, not a fault: nothing is answered (the
 * response is committed) and no error is logged. (Before anything was sent, it goes to the 500 handler, which
 * logs the failure.)
 */
class ApiExceptionHandlerTests {

	private final ApiExceptionHandler handler = new ApiExceptionHandler(new TransportFailures(new SimpleMeterRegistry()));

	@Test
	void ioFailureAfterTheAnswerStartedShouldAnswerNothing() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setCommitted(true);
		ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest("GET", "/v1/weights"), response);
		assertThat(this.handler.handleClientGone(new InterruptedIOException("interrupted while the answer was written"),
				request)).isNull();
	}

}
