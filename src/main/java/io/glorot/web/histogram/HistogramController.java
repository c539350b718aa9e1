package io.glorot.web.histogram;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.glorot.histogram.Histogram;
import io.glorot.histogram.HistogramJson;
import io.glorot.histogram.HistogramSvg;
import io.glorot.histogram.WeightDensity;
import io.glorot.histogram.WeightHistograms;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.admission.AdmissionControl;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.request.QueryFields;
import io.glorot.web.request.RequestFields;
import io.glorot.web.request.ServingRules;
import io.glorot.web.request.TensorRequestParser;
import io.glorot.web.serving.AcceptHeader;
import io.glorot.web.serving.TensorHeaders;

/**
 * {@code /v1/weights/histogram}: the histogram of the tensor that {@code /v1/weights} would answer for the same
 * parameters, as an SVG picture with the theoretical density drawn over it, or as JSON. The values are counted
 * chunk by chunk, in bounded memory, up to {@code glorot.limits.max-elements} of them.
 */
@RestController
class HistogramController implements HistogramApi {

	/** The fields of a histogram request: the tensor's, then {@code bins}; {@code format} is svg or json. */
	static final List<String> FIELDS;

	static {
		List<String> fields = new ArrayList<>(TensorRequestParser.FIELDS);
		fields.add("bins");
		FIELDS = List.copyOf(fields);
	}

	/** Fewest bins a request may ask for. */
	static final int MIN_BINS = 10;

	/** Most bins a request may ask for. */
	static final int MAX_BINS = 200;

	/** Bins when none are asked for. */
	static final int DEFAULT_BINS = 50;

	static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private static final String BINS_ALLOWED = "an integer from " + MIN_BINS + " to " + MAX_BINS;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TensorRequestParser parser;

	private final ServingRules rules;

	private final AdmissionControl admission;

	HistogramController(TensorRequestParser parser, ServingRules rules, AdmissionControl admission) {
		this.parser = parser;
		this.rules = rules;
		this.admission = admission;
	}

	@Override
	@GetMapping("/v1/weights/histogram")
	public ResponseEntity<byte[]> getHistogram(HttpServletRequest request) {
		QueryFields fields = new QueryFields(request.getParameterMap());
		TensorSpec spec = this.parser.parseTensor(fields, FIELDS).spec();
		int bins = bins(fields);
		boolean svg = wantsSvg(fields.text("format"), request.getHeader(HttpHeaders.ACCEPT));
		this.rules.checkHistogram(spec);
		Histogram histogram = this.admission.compute(request, ServingRules.work(spec), () -> WeightHistograms.of(spec, bins));
		WeightDensity density = WeightDensity.of(spec.distribution(), spec.parameters());
		byte[] body = svg ? HistogramSvg.render(spec, histogram, density).getBytes(StandardCharsets.UTF_8)
				: JSON.writeValueAsBytes(HistogramJson.of(spec, histogram, density));
		return ResponseEntity.ok()
			.contentType(svg ? new MediaType(SVG, StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON)
			.varyBy(HttpHeaders.ACCEPT)
			.header(TensorHeaders.TENSOR_SHAPE, spec.region().shape().toCsv())
			.header(TensorHeaders.TENSOR_DTYPE, spec.dtype().id())
			.header(TensorHeaders.TENSOR_SEED, spec.seedText())
			.header(TensorHeaders.TENSOR_GENERATOR, spec.generator().version())
			.body(body);
	}

	private static int bins(RequestFields fields) {
		Optional<BigInteger> bins = fields.integer("bins", ProblemType.INVALID_PARAMETER, BINS_ALLOWED);
		if (bins.isEmpty()) {
			return DEFAULT_BINS;
		}
		BigInteger value = bins.get();
		if (value.compareTo(BigInteger.valueOf(MIN_BINS)) < 0 || value.compareTo(BigInteger.valueOf(MAX_BINS)) > 0) {
			throw new ApiProblem(ProblemType.INVALID_PARAMETER, "'bins' must be " + BINS_ALLOWED + "; got " + value)
				.parameter("bins")
				.allowed(BINS_ALLOWED);
		}
		return value.intValueExact();
	}

	/**
	 * Chooses SVG or JSON: {@code format=svg|json} when given, else the {@code Accept} header by quality, with SVG
	 * for no header or a wildcard that admits both.
	 */
	static boolean wantsSvg(Optional<String> format, String accept) {
		if (format.isPresent()) {
			return switch (format.get()) {
				case "svg" -> true;
				case "json" -> false;
				default -> throw ApiProblem.notOneOf("format", format.get(), List.of("svg", "json"));
			};
		}
		if (accept == null || accept.isBlank()) {
			return true;
		}
		return AcceptHeader.choose(accept, List.of(Map.entry(SVG, true), Map.entry(MediaType.APPLICATION_JSON, false)),
				HistogramController::notAcceptable);
	}

	private static ApiProblem notAcceptable(String why) {
		List<String> served = List.of(SVG.toString(), MediaType.APPLICATION_JSON_VALUE);
		return new ApiProblem(ProblemType.NOT_ACCEPTABLE,
				why + "; the histogram is served as image/svg+xml or application/json (or choose with format=svg|json)")
			.parameter("Accept")
			.allowed(served);
	}

}
