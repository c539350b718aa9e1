package io.glorot.web.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.ServletWebRequest;
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
import io.glorot.format.NpyEncoder;
import io.glorot.format.TensorEncoder;
import io.glorot.format.TensorEncoders;
import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.admission.AdmissionControl;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.request.LimitsProperties;
import io.glorot.web.request.QueryFields;
import io.glorot.web.request.RequestBodies;
import io.glorot.web.request.TensorRequest;
import io.glorot.web.request.TensorRequestParser;
import io.glorot.web.serving.CountingOutputStream;
import io.glorot.web.serving.ETags;
import io.glorot.web.serving.FormatNegotiation;
import io.glorot.web.serving.TensorHeaders;
import io.glorot.web.serving.WeightMetrics;

/**
 * {@code /v1/weights}: one Xavier-initialized tensor, by query (GET) or JSON body (POST), in the format the client
 * asks for. Everything is validated before the first byte is sent; the values are then made while they stream.
 */
@RestController
@RequestMapping("/v1/weights")
class WeightsController implements WeightsApi {

	/** Answers to requests that name their seed are pure functions of the URL (or body): cache them for good. */
	static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	/** Binary answers up to this size are made before they are sent, not streamed. */
	static final int SMALL_BYTES = 64 * 1024;

	/** JSON answers of up to this many elements are made before they are sent, not streamed. */
	static final int SMALL_JSON_ELEMENTS = 4096;

	private static final StreamingResponseBody NO_BODY = (out) -> {
	};

	private static final Log log = LogFactory.getLog(WeightsController.class);

	private final TensorRequestParser parser;

	private final FormatNegotiation negotiation;

	private final RequestBodies bodies;

	private final LimitsProperties limits;

	private final WeightMetrics metrics;

	private final TensorEncoders encoders;

	private final AdmissionControl admission;

	WeightsController(TensorRequestParser parser, FormatNegotiation negotiation, RequestBodies bodies,
			LimitsProperties limits, WeightMetrics metrics, TensorEncoders encoders, AdmissionControl admission) {
		this.encoders = encoders;
		this.admission = admission;
		this.parser = parser;
		this.negotiation = negotiation;
		this.bodies = bodies;
		this.limits = limits;
		this.metrics = metrics;
	}

	@Override
	@GetMapping
	public ResponseEntity<StreamingResponseBody> getWeights(HttpServletRequest request, HttpServletResponse response) {
		return serve(this.parser.parse(new QueryFields(request.getParameterMap())), request, response);
	}

	@Override
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<StreamingResponseBody> postWeights(@RequestBody byte[] body, HttpServletRequest request,
			HttpServletResponse response) {
		return serve(this.parser.parse(this.bodies.fields(body)), request, response);
	}

	private ResponseEntity<StreamingResponseBody> serve(TensorRequest request, HttpServletRequest http,
			HttpServletResponse httpResponse) {
		TensorSpec spec = request.spec();
		TensorFormat format = this.negotiation.resolve(request.format(), http.getHeader(HttpHeaders.ACCEPT));
		checkServable(spec, format);
		String etag = ETags.of(spec, format);
		CacheControl caching = request.seedGiven() ? IMMUTABLE : CacheControl.noStore();
		if (new ServletWebRequest(http, httpResponse).checkNotModified(etag)) {
			httpResponse.setHeader(HttpHeaders.CACHE_CONTROL, caching.getHeaderValue());
			return null;
		}
		TensorEncoder encoder = this.encoders.of(format);
		boolean head = HttpMethod.HEAD.matches(http.getMethod());
		if (!(encoder instanceof BinaryTensorEncoder binary)) {
			Body body = (o) -> encoder.write(spec, spec.generator().open(spec), o);
			return answer(describe(ResponseEntity.ok(), spec, format, etag, caching), spec, format, head,
					spec.region().elementCount() <= SMALL_JSON_ELEMENTS, body, http, httpResponse);
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
		Body body = (o) -> binary.write(spec, spec.generator().open(spec), prefix, from, to, o);
		return answer(response, spec, format, head, to - from <= SMALL_BYTES, body, http, httpResponse);
	}

	/**
	 * The body: nothing for HEAD; a small answer made at once and written on the request thread, which spares it
	 * the async dispatch of a stream; any other streamed as it is made.
	 */
	private ResponseEntity<StreamingResponseBody> answer(ResponseEntity.BodyBuilder response, TensorSpec spec,
			TensorFormat format, boolean head, boolean small, Body body, HttpServletRequest http,
			HttpServletResponse httpResponse) {
		if (head) {
			return response.body(NO_BODY);
		}
		// admission counts the generator's work: sequential generators also make the elements a slice skips
		long work = Math.max(spec.region().elementCount(), spec.generator().cost(spec));
		if (!small) {
			long bytes = this.admission.streamBytes(spec.region().elementCount(), spec.dtype().size(),
					format == TensorFormat.JSON);
			return response.body(this.admission.guard(http, work, bytes, (out) -> stream(spec, format, out, body)));
		}
		this.admission.compute(http, work, () -> {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try {
				body.writeTo(bytes);
				ResponseEntity<Void> entity = response.build();
				httpResponse.setStatus(entity.getStatusCode().value());
				entity.getHeaders()
					.forEach((name, values) -> values.forEach((value) -> httpResponse.addHeader(name, value)));
				httpResponse.setContentLength(bytes.size());
				bytes.writeTo(httpResponse.getOutputStream());
				this.metrics.served(spec, format, bytes.size());
			}
			catch (IOException ex) {
				this.metrics.aborted(0);
				log.debug("Client went away: " + ex);
			}
			return null;
		});
		return null;
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

	private void checkServable(TensorSpec spec, TensorFormat format) {
		if (format == TensorFormat.NPY && !NpyEncoder.supports(spec.dtype())) {
			throw new ApiProblem(ProblemType.UNSUPPORTED_DTYPE, "NumPy has no " + spec.dtype().id()
					+ " type, so the npy format cannot carry it; use raw or safetensors, or dtype float32")
				.parameter("dtype")
				.allowed(List.of("float32", "float64", "float16"));
		}
		boolean json = format == TensorFormat.JSON;
		long limit = json ? this.limits.maxJsonElements() : this.limits.maxElements();
		long elements = spec.region().elementCount();
		if (elements > limit) {
			String what = spec.region().isAll() ? "'shape' " + spec.fullShape()
					: "'slice' " + spec.region().toSliceString() + " of 'shape' " + spec.fullShape();
			throw new ApiProblem(ProblemType.TOO_MANY_ELEMENTS, "the answer for " + what + " would hold " + elements
					+ " elements; the limit for " + (json ? "JSON" : "binary formats") + " is " + limit
					+ (json ? " (binary formats allow " + this.limits.maxElements() + ")" : "")
					+ "; ask for a slice, or split the tensor")
				.parameter(spec.region().isAll() ? "shape" : "slice")
				.with("elements", elements)
				.with("maxElements", limit);
		}
		long work = spec.generator().cost(spec);
		if (work > this.limits.maxElements()) {
			throw new ApiProblem(ProblemType.TOO_MANY_ELEMENTS, "generator " + spec.generator().version()
					+ " runs its stream from the start, so this answer needs " + work
					+ " elements made or skipped; the limit is " + this.limits.maxElements()
					+ "; ask for a slice nearer the start, or use generator=philox")
				.parameter("slice")
				.with("elements", work)
				.with("maxElements", this.limits.maxElements());
		}
	}

	/** A download name: the tensor's name (or {@code weights}) in safe characters, with the format's extension. */
	static String fileName(TensorSpec spec, TensorFormat format) {
		String base = (spec.name() != null) ? spec.name().replaceAll("[^A-Za-z0-9._-]", "_") : "weights";
		return base + "." + format.extension();
	}

}
