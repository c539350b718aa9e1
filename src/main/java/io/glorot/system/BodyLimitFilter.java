package io.glorot.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemCause;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.problem.ProblemWriter;
import io.glorot.web.request.LimitsProperties;

/**
 * Enforces {@code glorot.limits.max-body-bytes} before a body is read into memory: a declared
 * {@code Content-Length} above the limit is refused at once with 413, and a body without one (chunked) is read
 * through a counter that fails as soon as it passes the limit, which {@code ApiExceptionHandler} answers with the
 * same 413 problem. So no request makes the service buffer more than the limit.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

	private final LimitsProperties limits;

	private final ProblemWriter writer;

	BodyLimitFilter(LimitsProperties limits, ProblemWriter writer) {
		this.limits = limits;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.limits.maxBodyBytes()) {
			// the body stays unread; Tomcat closes the connection rather than swallow more than it allows
			response.setHeader("Connection", "close");
			this.writer.write(request, response, tooLarge(declared, this.limits.maxBodyBytes()));
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.limits.maxBodyBytes()), response);
	}

	static ApiProblem tooLarge(long size, int max) {
		String what = (size >= 0) ? "has " + size + " bytes" : "has more bytes than that";
		return new ApiProblem(ProblemType.BODY_TOO_LARGE, "the request body " + what + "; the limit is " + max)
			.with("maxBodyBytes", max);
	}

	/** A body that went past the limit while it was read. */
	static final class BodyTooLargeException extends IOException implements ProblemCause {

		private final int max;

		BodyTooLargeException(int max) {
			super("request body larger than " + max + " bytes");
			this.max = max;
		}

		@Override
		public ApiProblem problem() {
			return tooLarge(-1, this.max);
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final int max;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, int max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.max);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final int max;

		private long count;

		LimitedInputStream(ServletInputStream in, int max) {
			this.in = in;
			this.max = max;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = this.in.read(b, off, len);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws BodyTooLargeException {
			this.count += n;
			if (this.count > this.max) {
				throw new BodyTooLargeException(this.max);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
