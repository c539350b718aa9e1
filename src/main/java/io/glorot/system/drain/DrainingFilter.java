package io.glorot.system.drain;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.problem.ProblemWriter;

/**
 * Refuses every new API request once the service is draining ({@link Draining}): 503 {@code shutting-down} with
 * {@code Retry-After}, and {@code Connection: close}, so that a proxy's pooled keep-alive connection to this pod ends
 * and its next request goes to another replica. A request that was admitted before is not seen again: its answer
 * goes on to its end (or to the end of the shutdown phase).
 */
public class DrainingFilter extends OncePerRequestFilter {

	private final Draining draining;

	private final ShutdownProperties properties;

	private final ProblemWriter writer;

	DrainingFilter(Draining draining, ShutdownProperties properties, ProblemWriter writer) {
		this.draining = draining;
		this.properties = properties;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.draining.isDraining()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = this.properties.retryAfterSeconds();
		ApiProblem problem = new ApiProblem(ProblemType.SHUTTING_DOWN,
				"this replica is shutting down and starts no new answer; retry after " + seconds
						+ " s, and a load balancer sends the request to another replica")
			.with("retryAfterSeconds", seconds);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		// Tomcat ends the connection after this answer: a pooled keep-alive connection must not bring more
		response.setHeader(HttpHeaders.CONNECTION, "close");
		this.writer.write(request, response, problem);
	}

}
