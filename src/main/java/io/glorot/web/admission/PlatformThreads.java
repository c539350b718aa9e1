package io.glorot.web.admission;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Runs large answers on platform threads of their own while the (virtual) request thread waits unmounted.
 * Generating is CPU-bound and the JVM never preempts a virtual thread, so large answers run on the few
 * virtual-thread carriers (one per core) would hold them all and starve the small requests queued behind;
 * platform threads are time-sliced by the operating system, and the carriers stay free. The pool never holds more
 * threads than there are large slots.
 */
final class PlatformThreads implements AutoCloseable {

	private final ExecutorService pool;

	PlatformThreads(int threads) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), Thread.ofPlatform().name("glorot-large-", 0).daemon(true).factory());
		pool.allowCoreThreadTimeOut(true);
		this.pool = pool;
	}

	/**
	 * Computes on a platform thread and waits for the result.
	 * @param <T> the result's type
	 * @param computation the computation
	 * @return its result
	 */
	<T> T compute(Supplier<T> computation) {
		Future<T> task = this.pool.submit(computation::get);
		try {
			return task.get();
		}
		catch (InterruptedException ex) {
			task.cancel(true);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while computing the answer", ex);
		}
		catch (ExecutionException ex) {
			switch (ex.getCause()) {
				case RuntimeException runtime -> throw runtime;
				case Error error -> throw error;
				default -> throw new IllegalStateException(ex.getCause());
			}
		}
	}

	/**
	 * Writes a body on a platform thread and waits until it is written.
	 * @param body the body
	 * @param out where it goes
	 * @throws IOException if writing fails
	 */
	void write(StreamingResponseBody body, OutputStream out) throws IOException {
		Future<?> task = this.pool.submit(() -> {
			body.writeTo(out);
			return null;
		});
		try {
			task.get();
		}
		catch (InterruptedException ex) {
			task.cancel(true);
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while the answer was written");
		}
		catch (ExecutionException ex) {
			switch (ex.getCause()) {
				case IOException io -> throw io;
				case RuntimeException runtime -> throw runtime;
				case Error error -> throw error;
				default -> throw new IOException(ex.getCause());
			}
		}
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
