package io.glorot.web.admission;

import java.io.IOException;
import java.io.OutputStream;

import io.micrometer.core.instrument.Counter;

/**
 * The output of a guarded answer. Counts, once per answer, a write that failed because the client stopped
 * reading. And after each write it yields a virtual thread's carrier: generating is CPU-bound, a virtual thread
 * is never preempted, and a fast reader never blocks the writer, so without the yield a few large streams hold
 * every carrier and the small requests queued behind them wait for whole answers (docs/reliability.md).
 */
final class GuardedOutputStream extends OutputStream {

	private final OutputStream out;

	private final Counter timedOut;

	private boolean counted;

	GuardedOutputStream(OutputStream out, Counter timedOut) {
		this.out = out;
		this.timedOut = timedOut;
	}

	@Override
	public void write(int b) throws IOException {
		try {
			this.out.write(b);
		}
		catch (IOException ex) {
			throw counted(ex);
		}
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		try {
			this.out.write(b, off, len);
		}
		catch (IOException ex) {
			throw counted(ex);
		}
		if (Thread.currentThread().isVirtual()) {
			Thread.yield();
		}
	}

	@Override
	public void flush() throws IOException {
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			throw counted(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.out.close();
	}

	private IOException counted(IOException ex) {
		if (!this.counted && isTimeout(ex)) {
			this.counted = true;
			this.timedOut.increment();
		}
		return ex;
	}

	static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.SocketTimeoutException
					|| cause instanceof java.util.concurrent.TimeoutException
					|| cause instanceof java.nio.channels.InterruptedByTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
