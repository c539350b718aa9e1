package io.glorot.web.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;

import io.glorot.format.BinaryTensorEncoder;
import io.glorot.format.TensorEncoder;
import io.glorot.format.TensorEncoders;
import io.glorot.format.TensorFormat;
import io.glorot.observe.AnswerReports;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.admission.AdmissionControl;
import io.glorot.web.cache.RepeatCacheProperties;
import io.glorot.web.problem.FailedAnswers;
import io.glorot.web.request.QueryFields;
import io.glorot.web.request.ServingRules;
import io.glorot.web.request.TensorRequest;
import io.glorot.web.request.TensorRequestParser;
import io.glorot.web.serving.ETags;
import io.glorot.web.serving.FormatNegotiation;
import io.glorot.web.serving.Preconditions;
import io.glorot.web.serving.TensorHeaders;
import io.glorot.web.serving.WeightMetrics;

/**
 * The small-answer lane of {@code GET /v1/weights} (docs/performance.md, "Small answers"): a request for a tensor
 * small enough to be made before it is sent is answered here, from {@code system/SmallAnswerValve}, without the servlet
 * filter chain and Spring MVC (handler mapping, argument resolution, return value handling, message conversion),
 * which cost most of a small request's CPU time. It answers with the same status, headers and bytes as
 * {@link WeightsController}, counts the same meters, records the same {@code http.server.requests} observation (with
 * the application's convention, so the same tags and traces) and reports the answer as {@code TensorAnswerFilter}
 * does.
 * <p>
 * Anything else goes on to Spring MVC unchanged: a request the lane does not take (see {@code SmallAnswerValve}), an
 * answer too large to be made at once, one the repeat cache may hold, an {@code If-None-Match} that does not match.
 * A request the lane refuses (a bad parameter, no acceptable format, a full admission lane) is handed to the
 * controller with its problem, which the controller throws, so that every problem is answered by the one exception
 * handler, exactly as before. The lane's observation starts once a request is known to be the lane's (its parameters
 * read, its tag computed, its generation admitted), a few microseconds after Spring's filter would have started it,
 * so that a request handed on is observed once, by the filter.
 */
@Component
@Lazy
public class SmallAnswerLane {

	/** The path the lane serves. */
	public static final String PATH = "/v1/weights";

	/** The request attribute that hands the lane's refusal (a {@link RuntimeException}) to the controller. */
	static final String HANDED_OVER_ATTRIBUTE = SmallAnswerLane.class.getName() + ".refusal";

	private static final ServerRequestObservationConvention DEFAULT_CONVENTION = new DefaultServerRequestObservationConvention();

	private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

	private static final String IMMUTABLE = WeightsController.IMMUTABLE.getHeaderValue();

	private final TensorRequestParser parser;

	private final FormatNegotiation negotiation;

	private final ServingRules rules;

	private final WeightMetrics metrics;

	private final TensorEncoders encoders;

	private final AdmissionControl admission;

	private final AnswerReports reports;

	private final ObservationRegistry observations;

	private final ServerRequestObservationConvention convention;

	/** Each format's {@code Content-Type}, as Spring MVC writes it for the controller's answer. */
	private final Map<TensorFormat, String> contentTypes = new EnumMap<>(TensorFormat.class);

	/** Each format's {@code Content-Disposition} for a tensor without a name ({@code weights.<extension>}). */
	private final Map<TensorFormat, String> unnamedDispositions = new EnumMap<>(TensorFormat.class);

	/** Binary answers of at least this many bytes may be in the repeat cache: they are left to the controller. */
	private final long cacheFrom;

	SmallAnswerLane(TensorRequestParser parser, FormatNegotiation negotiation, ServingRules rules,
			WeightMetrics metrics, TensorEncoders encoders, AdmissionControl admission, AnswerReports reports,
			ObservationRegistry observations, Optional<ServerRequestObservationConvention> convention,
			RepeatCacheProperties cache) {
		this.parser = parser;
		this.negotiation = negotiation;
		this.rules = rules;
		this.metrics = metrics;
		this.encoders = encoders;
		this.admission = admission;
		this.reports = reports;
		this.observations = observations;
		this.convention = convention.orElse(DEFAULT_CONVENTION);
		for (TensorFormat format : TensorFormat.values()) {
			this.contentTypes.put(format, MediaType.parseMediaType(format.mediaType()).toString());
			this.unnamedDispositions.put(format, disposition(WeightsController.fileName((String) null, format)));
		}
		this.cacheFrom = cache.enabled() ? cache.minAnswerSize().toBytes() : Long.MAX_VALUE;
	}

	/**
	 * Answers a request, or leaves it to Spring MVC.
	 * @param request a GET of {@link #PATH} that the valve lets in, with the security headers already set
	 * @param response its response
	 * @return whether the request is answered; if not, nothing was written
	 */
	public boolean serve(HttpServletRequest request, HttpServletResponse response) {
		long start = System.nanoTime();
		Answer answer;
		try {
			answer = plan(request);
		}
		catch (RuntimeException refusal) {
			request.setAttribute(HANDED_OVER_ATTRIBUTE, refusal);
			return false;
		}
		if (answer == null) {
			return false;
		}
		// from here on the lane answers: observed as Spring's filter observes a request, from here (its parameters
		// are read and it is admitted) until its body is written
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
		Observation observation = ServerHttpObservationDocumentation.HTTP_SERVLET_SERVER_REQUESTS
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.observations)
			.start();
		request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
		// no scope is opened (Spring's filter opens one for the chain): nothing in the lane logs, starts an
		// observation or asks for the current span, and the answer line puts the request's span in scope itself
		// (AnswerReporter); a scope would cost two thread-local context switches and MDC updates per request
		try {
			long bytes = answer.write(request, response);
			context.setPathPattern(PATH);
			this.reports.ended(request, response, start, bytes);
		}
		catch (RuntimeException failure) {
			// a failure making the values (none is expected): nothing is written yet, so the controller answers it
			// as it would have, with its problem; this request is then observed twice, once as failed here
			observation.error(failure).stop();
			request.removeAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
			request.setAttribute(HANDED_OVER_ATTRIBUTE, failure);
			return false;
		}
		observation.stop();
		return true;
	}

	private static String disposition(String fileName) {
		return ContentDisposition.attachment().filename(fileName).build().toString();
	}

	/**
	 * Throws what the lane refused a request with, if it did: the controller calls this first.
	 * @param request the request
	 */
	static void rethrowRefusal(HttpServletRequest request) {
		if (request.getAttribute(HANDED_OVER_ATTRIBUTE) instanceof RuntimeException refusal) {
			request.removeAttribute(HANDED_OVER_ATTRIBUTE);
			throw refusal;
		}
	}

	/**
	 * Decides as {@link WeightsController} does for a GET without a body, a range or a condition other than
	 * {@code If-None-Match}, and admits the computation of a 200.
	 * @return the answer, or null to leave the request to Spring MVC
	 * @throws RuntimeException the problem the request is refused with
	 */
	private Answer plan(HttpServletRequest request) {
		TensorRequest parsed = this.parser.parse(new QueryFields(request.getParameterMap()));
		TensorSpec spec = parsed.spec();
		TensorFormat format = this.negotiation.resolve(parsed.format(), request.getHeader(HttpHeaders.ACCEPT));
		this.rules.checkAnswer(spec, format);
		String etag = ETags.of(spec, format);
		String caching = parsed.seedGiven() ? IMMUTABLE : NO_STORE;
		if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null) {
			// only a single field that matches is answered here (304); any other is left to Spring MVC, which also
			// applies its own conditional checks to a 200
			if (Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)).size() != 1
					|| !Preconditions.noneMatch(request, etag)) {
				return null;
			}
			return (http, response) -> {
				response.setStatus(HttpStatus.NOT_MODIFIED.value());
				response.setHeader(HttpHeaders.ETAG, etag);
				response.setHeader(HttpHeaders.CACHE_CONTROL, caching);
				response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
				return 0;
			};
		}
		TensorEncoder encoder = this.encoders.of(format);
		Body body;
		String disposition = null;
		if (encoder instanceof BinaryTensorEncoder binary) {
			byte[] prefix = binary.prefix(spec);
			long length = BinaryTensorEncoder.length(spec, prefix);
			if (length > WeightsController.SMALL_BYTES || length >= this.cacheFrom) {
				return null;
			}
			body = (o) -> binary.write(spec, spec.generator().open(spec), prefix, 0, length, o);
			disposition = (spec.name() == null) ? this.unnamedDispositions.get(format)
					: disposition(WeightsController.fileName(spec, format));
		}
		else if (spec.region().elementCount() <= WeightsController.SMALL_JSON_ELEMENTS) {
			body = (o) -> encoder.write(spec, spec.generator().open(spec), o);
		}
		else {
			return null;
		}
		Supplier<byte[]> values = this.admission.admitted(request, ServingRules.work(spec), () -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try {
				body.writeTo(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return out.toByteArray();
		});
		String attachment = disposition;
		return (http, response) -> {
			byte[] bytes = values.get();
			this.metrics.served(spec, format, bytes.length);
			// the headers in the order Spring MVC writes the controller's answer
			response.setStatus(HttpStatus.OK.value());
			response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
			response.setHeader(HttpHeaders.CACHE_CONTROL, caching);
			response.setHeader(TensorHeaders.TENSOR_SHAPE, spec.region().shape().toCsv());
			response.setHeader(TensorHeaders.TENSOR_DTYPE, spec.dtype().id());
			response.setHeader(TensorHeaders.TENSOR_SEED, spec.seedText());
			response.setHeader(TensorHeaders.TENSOR_GENERATOR, spec.generator().version());
			response.setHeader(TensorHeaders.TENSOR_EXACT, String.valueOf(spec.generator().exact(spec)));
			if (attachment != null) {
				response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
				response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment);
			}
			response.setHeader(HttpHeaders.ETAG, etag);
			response.setContentType(this.contentTypes.get(format));
			response.setContentLength(bytes.length);
			try {
				response.getOutputStream().write(bytes);
			}
			catch (IOException ex) {
				// the client went away; as for any answer that fails once under way, the connection is closed
				FailedAnswers.abort(http);
			}
			return bytes.length;
		};
	}

	/** An answer the lane has decided to give. */
	@FunctionalInterface
	private interface Answer {

		/** Writes it; returns the body's length. */
		long write(HttpServletRequest request, HttpServletResponse response);

	}

	/** Writes a body. */
	@FunctionalInterface
	private interface Body {

		void writeTo(OutputStream out) throws IOException;

	}

}
