package io.glorot.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.problem.ProblemWriter;

/**
 * Refuses, with a 400 problem, a request whose path Spring MVC cannot parse: Tomcat lets through a path parameter
 * that is not valid percent-encoding (for example {@code //c;%&&K=}), and Spring's dispatcher would throw on it,
 * which the container answers as a 500. Parsing the path here, as the dispatcher will, turns that into the client's
 * error it is.
 */
class RequestPathFilter extends OncePerRequestFilter {

	private final ProblemWriter writer;

	RequestPathFilter(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			RequestPath.parse(request.getRequestURI(), request.getContextPath());
		}
		catch (IllegalArgumentException ex) {
			this.writer.write(request, response, new ApiProblem(ProblemType.BAD_REQUEST,
					"the request path is not valid percent-encoding: give '%' followed by two hex digits of UTF-8"));
			return;
		}
		chain.doFilter(request, response);
	}

}
