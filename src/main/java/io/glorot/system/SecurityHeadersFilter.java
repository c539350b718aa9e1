package io.glorot.system;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the security headers on every answer, before anything else runs, so errors carry them too. The content
 * security policy admits the landing page and Swagger UI (scripts and styles from this origin; inline styles and
 * {@code data:} images, which Swagger UI uses) and nothing else, and no page may be framed.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

	/** The content security policy. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
			+ "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	/** The headers set on every answer. */
	public static final Map<String, String> HEADERS = Map.of("X-Content-Type-Options", "nosniff", "Referrer-Policy",
			"no-referrer", "X-Frame-Options", "DENY", "Content-Security-Policy", CONTENT_SECURITY_POLICY,
			"Cross-Origin-Opener-Policy", "same-origin");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		apply(response);
		chain.doFilter(request, response);
	}

	static void apply(HttpServletResponse response) {
		HEADERS.forEach(response::setHeader);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
