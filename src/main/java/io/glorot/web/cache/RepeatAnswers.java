package io.glorot.web.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Repeat fetches at the wire's speed: binary answers with an explicit seed are kept in a {@link RepeatCache} when
 * first sent, and repeats (whole or a {@code Range}) are handed to the connector's {@code sendfile} path, which
 * copies the file to the socket in the kernel, with no generation and no copy through the JVM.
 * <p>
 * Uses Tomcat's documented request attributes for this ({@code org.apache.tomcat.sendfile.*}, the ones its
 * {@code DefaultServlet} sets); on a connector that does not offer them the answer is made afresh as usual.
 */
public final class RepeatAnswers implements AutoCloseable {

	static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";

	static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";

	static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";

	static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

	private static final RepeatAnswers OFF = new RepeatAnswers(null);

	private final RepeatCache cache;

	/**
	 * Serves repeats from a cache.
	 * @param cache the store, or {@code null} for none
	 */
	public RepeatAnswers(RepeatCache cache) {
		this.cache = cache;
	}

	/**
	 * No cache: every answer is made afresh.
	 * @return answers without a cache
	 */
	public static RepeatAnswers off() {
		return OFF;
	}

	/**
	 * Hands bytes {@code [from, to)} of a stored answer to the connector, if it is stored, intact, and the connector
	 * can send files. The caller then sends the headers and no body.
	 * @param tag the answer's strong entity tag
	 * @param seedGiven whether the request named its seed (only then is the answer immutable)
	 * @param length the whole answer's length
	 * @param from first byte to send
	 * @param to one past the last byte to send
	 * @param request the request, which carries the instruction to the connector
	 * @return whether the connector will send the bytes
	 */
	public boolean sendIfStored(String tag, boolean seedGiven, long length, long from, long to,
			HttpServletRequest request) {
		if (this.cache == null || !seedGiven || !Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
			return false;
		}
		Optional<Path> file = this.cache.lookup(tag, length);
		if (file.isEmpty()) {
			return false;
		}
		request.setAttribute(SENDFILE_FILENAME, file.get().toString());
		request.setAttribute(SENDFILE_START, from);
		request.setAttribute(SENDFILE_END, to);
		this.cache.served(to - from);
		return true;
	}

	/**
	 * Writes an answer, storing it on the way when it is a whole answer with an explicit seed.
	 * @param tag the answer's strong entity tag
	 * @param storable whether the answer may be stored: an explicit seed, and the whole answer (no range)
	 * @param length the whole answer's length
	 * @param out where the answer goes
	 * @param answer writes the answer
	 * @throws IOException if writing to the client fails
	 */
	public void writeThrough(String tag, boolean storable, long length, OutputStream out, RepeatCache.Answer answer)
			throws IOException {
		if (this.cache == null || !storable) {
			answer.writeTo(out);
			return;
		}
		this.cache.writeThrough(tag, length, out, answer);
	}

	@Override
	public void close() {
		if (this.cache != null) {
			this.cache.close();
		}
	}

}
