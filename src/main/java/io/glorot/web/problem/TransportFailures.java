package io.glorot.web.problem;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Failures of the connection rather than of the service: the client went away, a read or write timed out, an
 * upload was malformed, a connection was cut by the connection defence. They are the client's doing (or the
 * network's), so they are counted by cause in {@code glorot.transport.failures{cause}} and logged at DEBUG only;
 * ERROR is kept for the service's own failures (docs/reliability.md, "Logging").
 */
@Component
public class TransportFailures {

	/** Why a connection failed. */
	public enum Cause {

		/** The client closed or reset the connection. */
		CLIENT_ABORT("client-abort"),

		/** A read or a write waited longer than the configured timeout. */
		TIMEOUT("timeout"),

		/** A request body that is not valid HTTP (a malformed chunk, a body that ends early). */
		MALFORMED_UPLOAD("malformed-upload"),

		/** A request head not complete within its deadline (the connection defence). */
		HEADER_TIMEOUT("header-timeout"),

		/** A connection refused because its client already held as many as it may. */
		CLIENT_CONNECTION_LIMIT("client-connection-limit");

		private final String tag;

		Cause(String tag) {
			this.tag = tag;
		}

		/**
		 * The meter tag.
		 * @return e.g. {@code client-abort}
		 */
		public String tag() {
			return this.tag;
		}

	}

	private final Map<Cause, Counter> counters = new EnumMap<>(Cause.class);

	/**
	 * Registers the counters.
	 * @param registry where they go
	 */
	public TransportFailures(MeterRegistry registry) {
		for (Cause cause : Cause.values()) {
			this.counters.put(cause, Counter.builder("glorot.transport.failures")
				.description("Connections that failed on the client's side, by cause")
				.tag("cause", cause.tag())
				.register(registry));
		}
	}

	/**
	 * Counts a failure.
	 * @param cause why
	 */
	public void count(Cause cause) {
		this.counters.get(cause).increment();
	}

	/**
	 * Tells a connection's failure from the service's own: anything with an {@link IOException} in its cause chain
	 * (the servlet container reports a client that left, a timeout, or a malformed body that way; the service itself
	 * does no other I/O while answering), and a limit of the container's chunked-body parser.
	 * @param ex the failure
	 * @return its cause, if it is a transport failure
	 */
	public static Optional<Cause> classify(Throwable ex) {
		Cause found = null;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || cause instanceof InterruptedByTimeoutException) {
				return Optional.of(Cause.TIMEOUT);
			}
			if (cause.getClass().getSimpleName().equals("BadRequestException") || isBodyParserLimit(cause)) {
				return Optional.of(Cause.MALFORMED_UPLOAD);
			}
			if (cause instanceof IOException && found == null) {
				found = Cause.CLIENT_ABORT;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return Optional.ofNullable(found);
	}

	/**
	 * A limit Tomcat's chunked-body parser raises as an {@link IllegalStateException} rather than as a bad request
	 * (more trailer fields than it allows).
	 */
	private static boolean isBodyParserLimit(Throwable ex) {
		if (!(ex instanceof IllegalStateException)) {
			return false;
		}
		for (StackTraceElement frame : ex.getStackTrace()) {
			if (frame.getClassName().startsWith("org.apache.coyote.http11.filters.")) {
				return true;
			}
		}
		return false;
	}

}
