package io.glorot.observe;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sees every API answer ({@code /v1/**}) through to its end and hands a {@link TensorAnswer} to its consumers.
 * The end of a streamed answer is the end of its async request (an {@link AsyncListener}), so that the duration
 * and byte count are those of the whole body; a request answered on its own thread ends when the chain returns.
 * Registered inside Spring's observation filter, so its consumers still see the request's observation open.
 */
class TensorAnswerFilter extends OncePerRequestFilter {

	private final Consumer<Ended> consumer;

	/**
	 * @param consumer what to do with each answer, given with its request
	 */
	TensorAnswerFilter(Consumer<Ended> consumer) {
		this.consumer = consumer;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		CountingResponse counting = new CountingResponse(response);
		Completion completion = new Completion(request, counting, start);
		try {
			chain.doFilter(request, counting);
		}
		finally {
			if (!request.isAsyncStarted() || !completion.listen()) {
				completion.end();
			}
		}
	}

	/** An answer that ended, with the request it answered (for its observation). */
	record Ended(HttpServletRequest request, TensorAnswer answer) {
	}

	/** Ends an answer once, whichever comes first: the chain returning, or the async request ending. */
	private final class Completion implements AsyncListener {

		private final HttpServletRequest request;

		private final CountingResponse response;

		private final long start;

		private final AtomicBoolean ended = new AtomicBoolean();

		Completion(HttpServletRequest request, CountingResponse response, long start) {
			this.request = request;
			this.response = response;
			this.start = start;
		}

		/** Listens for the async request's end; false if it already ended. */
		boolean listen() {
			try {
				this.request.getAsyncContext().addListener(this);
				return true;
			}
			catch (IllegalStateException ex) {
				return false;
			}
		}

		void end() {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			TensorAnswer answer = TensorAnswer.of(this.request, this.response, this.start, this.response.count());
			TensorAnswerFilter.this.consumer.accept(new Ended(this.request, answer));
		}

		@Override
		public void onComplete(AsyncEvent event) {
			end();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// the request ends with onComplete or onError after this
		}

		@Override
		public void onError(AsyncEvent event) {
			end();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
