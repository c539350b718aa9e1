package io.glorot.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalLong;

import jakarta.servlet.http.HttpServletRequest;
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

import io.glorot.format.NpyEncoder;
import io.glorot.format.TensorEncoder;
import io.glorot.format.TensorEncoders;
import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * {@code /v1/weights}: one Xavier-initialized tensor, by query (GET) or JSON body (POST), in the format the client
 * asks for. Everything is validated before the first byte is sent; the values are then made while they stream.
 */
@RestController
@RequestMapping("/v1/weights")
class WeightsController implements WeightsApi {

	/** Header with the answer's shape, e.g. {@code 256,512}. */
	static final String TENSOR_SHAPE = "Tensor-Shape";

	/** Header with the element type. */
	static final String TENSOR_DTYPE = "Tensor-Dtype";

	/** Header with the seed, given or drawn. */
	static final String TENSOR_SEED = "Tensor-Seed";

	/** Header with the generator's versioned name. */
	static final String TENSOR_GENERATOR = "Tensor-Generator";

	/**
	 * Header that says whether the values are bit-identical to the generator's library ({@code true}) or only the
	 * closest this service computes ({@code false}; docs/compat.md).
	 */
	static final String TENSOR_EXACT = "Tensor-Exact";

	private final TensorRequestParser parser;

	private final FormatNegotiation negotiation;

	private final RequestBodies bodies;

	private final LimitsProperties limits;

	private final WeightMetrics metrics;

	private final AdmissionControl admission;

	WeightsController(TensorRequestParser parser, FormatNegotiation negotiation, RequestBodies bodies,
			LimitsProperties limits, WeightMetrics metrics, AdmissionControl admission) {
		this.parser = parser;
		this.negotiation = negotiation;
		this.bodies = bodies;
		this.limits = limits;
		this.metrics = metrics;
		this.admission = admission;
	}

	@Override
	@GetMapping
	public ResponseEntity<StreamingResponseBody> getWeights(HttpServletRequest request) {
		return serve(this.parser.parse(new QueryFields(request.getParameterMap())), request);
	}

	@Override
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<StreamingResponseBody> postWeights(@RequestBody byte[] body, HttpServletRequest request) {
		return serve(this.parser.parse(this.bodies.fields(body)), request);
	}

	private ResponseEntity<StreamingResponseBody> serve(TensorRequest request, HttpServletRequest http) {
		TensorSpec spec = request.spec();
		TensorFormat format = this.negotiation.resolve(request.format(), http.getHeader(HttpHeaders.ACCEPT));
		checkServable(spec, format);
		TensorEncoder encoder = TensorEncoders.of(format);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(format.mediaType()))
			.varyBy(HttpHeaders.ACCEPT)
			.header(TENSOR_SHAPE, spec.region().shape().toCsv())
			.header(TENSOR_DTYPE, spec.dtype().id())
			.header(TENSOR_SEED, spec.seedText())
			.header(TENSOR_GENERATOR, spec.generator().version())
			.header(TENSOR_EXACT, String.valueOf(spec.generator().exact(spec)));
		if (format.isBinary()) {
			response.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(fileName(spec, format)).build().toString());
		}
		OptionalLong length = encoder.contentLength(spec);
		length.ifPresent(response::contentLength);
		ValueSource source = spec.generator().open(spec);
		return response.body(this.admission.guard(http, Math.max(spec.region().elementCount(),
				spec.generator().cost(spec)), (out) -> stream(spec, format, encoder, source, out)));
	}

	private void stream(TensorSpec spec, TensorFormat format, TensorEncoder encoder, ValueSource source,
			OutputStream out) throws IOException {
		CountingOutputStream counting = new CountingOutputStream(out);
		try {
			encoder.write(spec, source, counting);
			counting.flush();
		}
		catch (IOException ex) {
			this.metrics.aborted(counting.count());
			throw ex;
		}
		this.metrics.served(spec, format, counting.count());
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
