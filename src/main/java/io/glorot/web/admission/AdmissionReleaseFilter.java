package io.glorot.web.admission;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Releases a request's generation slot when the request ends, if its body did not release it itself: a body that
 * never ran (the request failed after admission, the client left before the body started), or an async request
 * that timed out or failed. Releasing twice is harmless, so this is only a safety net under
 * {@link AdmissionControl#guard}.
 */
public class AdmissionReleaseFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (!request.isAsyncStarted() || !listen(request)) {
				AdmissionControl.release(request);
			}
		}
	}

	/** Adds the listener; false if the async request already ended, which released the slot. */
	private static boolean listen(HttpServletRequest request) {
		try {
			request.getAsyncContext().addListener(new Release(request));
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private record Release(HttpServletRequest request) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			AdmissionControl.release(this.request);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			AdmissionControl.release(this.request);
		}

		@Override
		public void onError(AsyncEvent event) {
			AdmissionControl.release(this.request);
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
