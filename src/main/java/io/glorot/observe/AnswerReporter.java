package io.glorot.observe;

import java.util.function.Consumer;

import io.micrometer.common.KeyValue;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Reports an ended answer: its attributes go to the request's observation as high-cardinality key values (never
 * to metrics; to the trace span when tracing is on, and only when that span records: an unsampled span would drop
 * them), and, when answer lines are on, one line goes to the {@code io.glorot.answers} logger with the attributes
 * as key-value pairs (JSON fields with structured logging) and, inside the request's span, its trace and span ids.
 */
final class AnswerReporter implements Consumer<TensorAnswerFilter.Ended> {

	/** The logger of the answer lines; {@code logging.level.io.glorot.answers=OFF} silences them too. */
	static final String LOGGER = "io.glorot.answers";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	private final boolean logAnswers;

	private final Tracer tracer;

	/**
	 * @param logAnswers whether to log a line per answer
	 * @param tracer the tracer, or null without tracing
	 */
	AnswerReporter(boolean logAnswers, Tracer tracer) {
		this.logAnswers = logAnswers;
		this.tracer = tracer;
	}

	@Override
	public void accept(TensorAnswerFilter.Ended ended) {
		TensorAnswer answer = ended.answer();
		ServerRequestObservationContext context = ServerHttpObservationFilter.findObservationContext(ended.request())
			.orElse(null);
		Span span = spanOf(context);
		if (span != null && !span.isNoop()) {
			// only a recording span keeps them: an unsampled one (9 in 10 at the default sampling probability)
			// drops them, and no other handler of the observation reads high-cardinality values
			answer.attributes()
				.forEach((key, value) -> context.addHighCardinalityKeyValue(KeyValue.of(key, String.valueOf(value))));
		}
		if (!this.logAnswers || !log.isInfoEnabled()) {
			return;
		}
		if (span == null || this.tracer == null) {
			log(answer);
			return;
		}
		// a streamed answer ends on another thread than the request's: put the request's span back in scope,
		// so that the line carries its trace id like every other line of the request
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			log(answer);
		}
	}

	/**
	 * Tells whether an answer to this request would be reported anywhere: a line, or a span that records.
	 * @param request the request, with its observation's context
	 * @return false when reporting it would do nothing, so the answer need not even be read
	 */
	boolean wants(HttpServletRequest request) {
		if (this.logAnswers && log.isInfoEnabled()) {
			return true;
		}
		Span span = spanOf(ServerHttpObservationFilter.findObservationContext(request).orElse(null));
		return span != null && !span.isNoop();
	}

	/**
	 * The span the tracing handler started for a request's observation.
	 * @param context the observation's context, or null
	 * @return its span, or null without tracing
	 */
	static Span spanOf(ServerRequestObservationContext context) {
		if (context == null) {
			return null;
		}
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		return (tracing != null) ? tracing.getSpan() : null;
	}

	private static void log(TensorAnswer answer) {
		LoggingEventBuilder line = log.atInfo();
		answer.attributes().forEach(line::addKeyValue);
		line.log(answer.describe());
	}

}
