package io.glorot.web.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.format.BinaryTensorEncoder;
import io.glorot.format.TensorEncoder;
import io.glorot.format.TensorEncoders;
import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.admission.AdmissionControl;
import io.glorot.web.cache.RepeatAnswers;
import io.glorot.web.request.ServingRules;
import io.glorot.web.request.QueryFields;
import io.glorot.web.request.RequestBodies;
import io.glorot.web.request.TensorRequest;
import io.glorot.web.request.TensorRequestParser;
import io.glorot.web.serving.CountingOutputStream;
import io.glorot.web.serving.ETags;
import io.glorot.web.serving.FormatNegotiation;
import io.glorot.web.serving.Preconditions;
import io.glorot.web.serving.TensorAnswers;
import io.glorot.web.serving.TensorHeaders;
import io.glorot.web.serving.WeightMetrics;

/**
 * {@code /v1/weights}: one Xavier-initialized tensor, by query (GET) or JSON body (POST), in the format the client
 * asks for. Everything is validated before the first byte is sent; the values are then made while they stream.
 */
@RestController
@TensorAnswers
@RequestMapping("/v1/weights")
class WeightsController implements WeightsApi {

	/** Answers to requests that name their seed are pure functions of the URL (or body): cache them for good. */
	static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	/** Binary answers up to this size are made before they are sent, not streamed. */
	static final int SMALL_BYTES = 64 * 1024;

	/** JSON answers of up to this many elements are made before they are sent, not streamed. */
	static final int SMALL_JSON_ELEMENTS = 4096;

	private static final Log log = LogFactory.getLog(WeightsController.class);

	private final TensorRequestParser parser;

	private final FormatNegotiation negotiation;

	private final RequestBodies bodies;

	private final ServingRules rules;

	private final WeightMetrics metrics;

	private final TensorEncoders encoders;

	private final AdmissionControl admission;

	private final RepeatAnswers repeats;

	WeightsController(TensorRequestParser parser, FormatNegotiation negotiation, RequestBodies bodies,
			ServingRules rules, WeightMetrics metrics, TensorEncoders encoders, AdmissionControl admission,
			RepeatAnswers repeats) {
		this.repeats = repeats;
		this.encoders = encoders;
		this.admission = admission;
		this.parser = parser;
		this.negotiation = negotiation;
		this.bodies = bodies;
		this.rules = rules;
		this.metrics = metrics;
	}

	@Override
	@GetMapping
	public ResponseEntity<?> getWeights(HttpServletRequest request) {
		SmallAnswerLane.rethrowRefusal(request);
		return serve(this.parser.parse(new QueryFields(request.getParameterMap())), request);
	}

	@Override
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<?> postWeights(@RequestBody byte[] body, HttpServletRequest request) {
		return serve(this.parser.parse(this.bodies.fields(body)), request);
	}

	private ResponseEntity<?> serve(TensorRequest request, HttpServletRequest http) {
		TensorSpec spec = request.spec();
		TensorFormat format = this.negotiation.resolve(request.format(), http.getHeader(HttpHeaders.ACCEPT));
		this.rules.checkAnswer(spec, format);
		String etag = ETags.of(spec, format);
		CacheControl caching = request.seedGiven() ? IMMUTABLE : CacheControl.noStore();
		if (Preconditions.noneMatch(http, etag)) {
			// RFC 9110 §13.1.2: a 304 carries what the 200 would have carried of ETag, Cache-Control and Vary
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(caching)
				.varyBy(HttpHeaders.ACCEPT)
				.build();
		}
		TensorEncoder encoder = this.encoders.of(format);
		boolean head = HttpMethod.HEAD.matches(http.getMethod());
		if (!(encoder instanceof BinaryTensorEncoder binary)) {
			Body body = (o) -> encoder.write(spec, spec.generator().open(spec), o);
			return answer(describe(ResponseEntity.ok(), spec, format, etag, caching), spec, format, head,
					spec.region().elementCount() <= SMALL_JSON_ELEMENTS, body, http);
		}
		byte[] prefix = binary.prefix(spec);
		long length = BinaryTensorEncoder.length(spec, prefix);
		Optional<ByteRange> range = range(http, etag, length);
		ResponseEntity.BodyBuilder response = describe(
				ResponseEntity.status(range.isPresent() ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK), spec, format, etag,
				caching)
			.header(HttpHeaders.ACCEPT_RANGES, "bytes")
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(fileName(spec, format)).build().toString());
		range.ifPresent((r) -> response.header(HttpHeaders.CONTENT_RANGE, r.contentRange()));
		long from = range.map(ByteRange::first).orElse(0L);
		long to = range.map((r) -> r.last() + 1).orElse(length);
		response.contentLength(to - from);
		if (!head && this.repeats.sendIfStored(etag, request.seedGiven(), length, from, to, http)) {
			return response.body(null);
		}
		boolean storable = request.seedGiven() && range.isEmpty();
		Body body = (o) -> this.repeats.writeThrough(etag, storable, length, o,
				(t) -> binary.write(spec, spec.generator().open(spec), prefix, from, to, t));
		return answer(response, spec, format, head, to - from <= SMALL_BYTES, body, http);
	}

	/**
	 * The body: nothing for HEAD; a small answer made at once, on a generation lane, and returned as the entity's
	 * bytes, which spares it the async dispatch of a stream; any other streamed as it is made.
	 */
	private ResponseEntity<?> answer(ResponseEntity.BodyBuilder response, TensorSpec spec, TensorFormat format,
			boolean head, boolean small, Body body, HttpServletRequest http) {
		if (head) {
			return response.build();
		}
		long work = ServingRules.work(spec);
		if (!small) {
			long bytes = this.admission.streamBytes(spec.region().elementCount(), spec.dtype().size(),
					format == TensorFormat.JSON);
			return response.body(this.admission.guard(http, work, bytes, (out) -> stream(spec, format, out, body)));
		}
		byte[] bytes = this.admission.compute(http, work, () -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try {
				body.writeTo(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return out.toByteArray();
		});
		this.metrics.served(spec, format, bytes.length);
		return response.contentLength(bytes.length).body(bytes);
	}

	/** Adds the headers every tensor answer carries. */
	private static ResponseEntity.BodyBuilder describe(ResponseEntity.BodyBuilder response, TensorSpec spec,
			TensorFormat format, String etag, CacheControl caching) {
		return response.contentType(MediaType.parseMediaType(format.mediaType()))
			.varyBy(HttpHeaders.ACCEPT)
			.eTag(etag)
			.cacheControl(caching)
			.header(TensorHeaders.TENSOR_SHAPE, spec.region().shape().toCsv())
			.header(TensorHeaders.TENSOR_DTYPE, spec.dtype().id())
			.header(TensorHeaders.TENSOR_SEED, spec.seedText())
			.header(TensorHeaders.TENSOR_GENERATOR, spec.generator().version())
			.header(TensorHeaders.TENSOR_EXACT, String.valueOf(spec.generator().exact(spec)));
	}

	/** The range asked for, unless there is none, it is not a single bytes range, or If-Range no longer matches. */
	private static Optional<ByteRange> range(HttpServletRequest http, String etag, long length) {
		String header = http.getHeader(HttpHeaders.RANGE);
		if (header == null || !(HttpMethod.GET.matches(http.getMethod()) || HttpMethod.HEAD.matches(http.getMethod()))) {
			return Optional.empty();
		}
		String ifRange = http.getHeader(HttpHeaders.IF_RANGE);
		if (ifRange != null && !ifRange.strip().equals(etag)) {
			return Optional.empty();
		}
		return ByteRange.parse(header, length);
	}

	/**
	 * Streams an answer, counting it. A client that goes away mid-answer ends the stream: generation stops, the
	 * abort is counted and logged at debug level only, since it is the client's choice, not a fault.
	 */
	private void stream(TensorSpec spec, TensorFormat format, OutputStream out, Body body) {
		CountingOutputStream counting = new CountingOutputStream(out);
		try {
			body.writeTo(counting);
			counting.flush();
		}
		catch (IOException ex) {
			this.metrics.aborted(counting.count());
			log.debug("Client went away after " + counting.count() + " bytes: " + ex);
			return;
		}
		this.metrics.served(spec, format, counting.count());
	}

	/** Writes a body. */
	@FunctionalInterface
	private interface Body {

		void writeTo(OutputStream out) throws IOException;

	}

	/** A download name: the tensor's name (or {@code weights}) in safe characters, with the format's extension. */
	static String fileName(TensorSpec spec, TensorFormat format) {
		return fileName(spec.name(), format);
	}

	/** The file name of a tensor with this name (or none) in this format. */
	static String fileName(String name, TensorFormat format) {
		String base = (name != null) ? name.replaceAll("[^A-Za-z0-9._-]", "_") : "weights";
		return base + "." + format.extension();
	}

}
