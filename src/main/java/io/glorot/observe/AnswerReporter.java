package io.glorot.observe;

import java.util.Optional;
import java.util.function.Consumer;

import io.micrometer.common.KeyValue;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Reports an ended answer: its attributes go to the request's observation as high-cardinality key values (never
 * to metrics; to the trace span when tracing is on), and, when answer lines are on, one line goes to the
 * {@code io.glorot.answers} logger with the attributes as key-value pairs (JSON fields with structured logging)
 * and, inside the request's span, its trace and span ids.
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
		Optional<ServerRequestObservationContext> context = ServerHttpObservationFilter
			.findObservationContext(ended.request());
		context.ifPresent((observed) -> answer.attributes()
			.forEach((key, value) -> observed.addHighCardinalityKeyValue(KeyValue.of(key, String.valueOf(value)))));
		if (!this.logAnswers || !log.isInfoEnabled()) {
			return;
		}
		Span span = context
			.map((observed) -> observed.<TracingObservationHandler.TracingContext>get(
					TracingObservationHandler.TracingContext.class))
			.map(TracingObservationHandler.TracingContext::getSpan)
			.orElse(null);
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

	private static void log(TensorAnswer answer) {
		LoggingEventBuilder line = log.atInfo();
		answer.attributes().forEach(line::addKeyValue);
		line.log(answer.describe());
	}

}
