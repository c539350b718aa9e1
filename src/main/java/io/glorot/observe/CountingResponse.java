package io.glorot.observe;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that counts the body bytes written through its output stream, from whichever thread writes them
 * (a streamed answer is written from another thread than the request's).
 */
final class CountingResponse extends HttpServletResponseWrapper {

	private final AtomicLong count = new AtomicLong();

	private ServletOutputStream stream;

	CountingResponse(HttpServletResponse response) {
		super(response);
	}

	/**
	 * @return bytes written so far
	 */
	long count() {
		return this.count.get();
	}

	@Override
	public synchronized ServletOutputStream getOutputStream() throws IOException {
		if (this.stream == null) {
			this.stream = new Counting(super.getOutputStream(), this.count);
		}
		return this.stream;
	}

	private static final class Counting extends ServletOutputStream {

		private final ServletOutputStream out;

		private final AtomicLong count;

		Counting(ServletOutputStream out, AtomicLong count) {
			this.out = out;
			this.count = count;
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count.incrementAndGet();
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count.addAndGet(len);
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

		@Override
		public void close() throws IOException {
			this.out.close();
		}

		@Override
		public boolean isReady() {
			return this.out.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.out.setWriteListener(listener);
		}

	}

}
