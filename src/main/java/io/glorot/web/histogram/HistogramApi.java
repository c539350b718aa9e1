package io.glorot.web.histogram;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

import io.glorot.web.problem.ProblemJson;

/**
 * The OpenAPI description of {@code /v1/weights/histogram}. Its tensor parameters are those of
 * {@code GET /v1/weights} (see {@code WeightsApi}).
 */
@Tag(name = "histogram", description = "What the weights look like: histograms with the theoretical density")
interface HistogramApi {

	@Operation(summary = "The histogram of one Xavier-initialized tensor",
			description = "Counts the values that GET /v1/weights answers for the same parameters (slice included) "
					+ "into equal bins over the distribution's range: [-bound, bound] for uniform, the cut "
					+ "[-2\u03c3', 2\u03c3'] for truncated_normal, \u00b14 std for normal; values outside it are "
					+ "counted as underflow and overflow. SVG draws the theoretical density over the bars and "
					+ "captions the parameters and statistics; JSON gives the counts, the expected counts and the "
					+ "statistics. See docs/histogram.md.")
	@Parameter(name = "bins", in = ParameterIn.QUERY, description = "Number of bins.",
			schema = @Schema(type = "integer", minimum = "10", maximum = "200", defaultValue = "50"))
	@Parameter(name = "format", in = ParameterIn.QUERY, description = "Overrides Accept.",
			schema = @Schema(type = "string", allowableValues = { "svg", "json" }))
	@ApiResponse(responseCode = "200",
			description = "The histogram: SVG unless Accept or format= asks for JSON.",
			headers = { @Header(name = "Tensor-Shape", description = "Shape of the values counted"),
					@Header(name = "Tensor-Dtype", description = "Element type"),
					@Header(name = "Tensor-Seed", description = "The seed, given or drawn"),
					@Header(name = "Tensor-Generator", description = "Generator and version") },
			content = { @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string")),
					@Content(mediaType = "application/json",
							schema = @Schema(implementation = HistogramJsonSchema.class)) })
	@ApiResponse(responseCode = "400", description = "A parameter is missing, unknown or invalid",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "406", description = "Accept admits neither SVG nor JSON",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	ResponseEntity<byte[]> getHistogram(@Parameter(hidden = true) HttpServletRequest request);

}
