package io.glorot.system;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;

import io.glorot.system.drain.Draining;
import io.glorot.web.weights.SmallAnswerLane;

/**
 * Where the small-answer lane meets Tomcat: a valve of the application's context, so a request it answers skips the
 * filter chain and the {@code DispatcherServlet} (docs/performance.md, "Small answers"). It lets into the lane only
 * a {@code GET} of exactly {@code /v1/weights} (no path parameters or escapes) that carries no body and none of the
 * headers whose handling lives in the filters or in Spring MVC ({@code Range}, {@code If-Range}, {@code If-Match},
 * {@code If-Modified-Since}, {@code If-Unmodified-Since}, {@code Expect}); everything else, and whatever the lane
 * declines, goes down the pipeline as before; so does every request once the service is draining, so that
 * {@link io.glorot.system.drain.DrainingFilter} refuses it like any other. It puts the security headers on every request it lets in, first, as
 * {@link SecurityHeadersFilter} (the first filter) does; a request handed on gets them again from the filter, in
 * place, so its answer is unchanged.
 */
final class SmallAnswerValve extends ValveBase {

	private static final String[] HANDED_ON_HEADERS = { HttpHeaders.RANGE, HttpHeaders.IF_RANGE, HttpHeaders.IF_MATCH,
			HttpHeaders.IF_MODIFIED_SINCE, HttpHeaders.IF_UNMODIFIED_SINCE, HttpHeaders.EXPECT,
			HttpHeaders.CONTENT_LENGTH, HttpHeaders.TRANSFER_ENCODING };

	private final ObjectProvider<SmallAnswerLane> provider;

	private final ObjectProvider<Draining> drainingProvider;

	private volatile SmallAnswerLane lane;

	private volatile Draining draining;

	/**
	 * @param provider the lane, looked up at the first request (the valve is made before the application's beans)
	 * @param drainingProvider whether the service is shutting down, looked up the same way
	 */
	SmallAnswerValve(ObjectProvider<SmallAnswerLane> provider, ObjectProvider<Draining> drainingProvider) {
		super(true);
		this.provider = provider;
		this.drainingProvider = drainingProvider;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (takes(request) && !draining().isDraining()) {
			SecurityHeadersFilter.apply(response.getResponse());
			if (lane().serve(request.getRequest(), response.getResponse())) {
				return;
			}
		}
		getNext().invoke(request, response);
	}

	private Draining draining() {
		Draining current = this.draining;
		if (current == null) {
			current = this.drainingProvider.getObject();
			this.draining = current;
		}
		return current;
	}

	private SmallAnswerLane lane() {
		SmallAnswerLane current = this.lane;
		if (current == null) {
			current = this.provider.getObject();
			this.lane = current;
		}
		return current;
	}

	/** Tells whether a request may be answered by the lane. */
	static boolean takes(Request request) {
		if (!"GET".equals(request.getMethod()) || !SmallAnswerLane.PATH.equals(request.getRequestURI())
				|| !request.getContextPath().isEmpty()) {
			return false;
		}
		for (String header : HANDED_ON_HEADERS) {
			if (request.getHeader(header) != null) {
				return false;
			}
		}
		return true;
	}

}
