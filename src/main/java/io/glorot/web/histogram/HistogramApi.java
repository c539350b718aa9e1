package io.glorot.web.histogram;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

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
	@Parameter(name = "shape", in = ParameterIn.QUERY, required = true, style = ParameterStyle.FORM,
			explode = Explode.FALSE, description = "1 to 8 positive integers, comma-separated, e.g. 256,512",
			array = @ArraySchema(schema = @Schema(type = "integer", format = "int64", minimum = "1"), minItems = 1,
					maxItems = 8))
	@Parameter(name = "seed", in = ParameterIn.QUERY,
			description = "Unsigned 64-bit integer, 0 to 18446744073709551615. Absent: the service draws one.",
			schema = @Schema(type = "integer", minimum = "0", maximum = "18446744073709551615"))
	@Parameter(name = "distribution", in = ParameterIn.QUERY, description = "The distribution of the values.",
			schema = @Schema(type = "string", allowableValues = { "uniform", "normal", "truncated_normal" },
					defaultValue = "uniform"))
	@Parameter(name = "gain", in = ParameterIn.QUERY,
			description = "Scale factor, finite and > 0. Default 1. Not with nonlinearity.",
			schema = @Schema(type = "number", format = "double", exclusiveMinimumValue = 0))
	@Parameter(name = "nonlinearity", in = ParameterIn.QUERY,
			description = "Sets the gain as PyTorch's calculate_gain does. Not with gain.",
			schema = @Schema(type = "string",
					allowableValues = { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
							"conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu" }))
	@Parameter(name = "negativeSlope", in = ParameterIn.QUERY,
			description = "Negative slope for nonlinearity=leaky_relu (default 0.01).",
			schema = @Schema(type = "number", format = "double"))
	@Parameter(name = "mode", in = ParameterIn.QUERY, description = "Which fan scales the variance.",
			schema = @Schema(type = "string", allowableValues = { "fan_avg", "fan_in", "fan_out" },
					defaultValue = "fan_avg"))
	@Parameter(name = "layout", in = ParameterIn.QUERY,
			description = "Where the shape keeps in and out: torch (out, in, *kernel), keras and jax (*kernel, in, out).",
			schema = @Schema(type = "string", allowableValues = { "torch", "keras", "jax" }, defaultValue = "torch"))
	@Parameter(name = "fanIn", in = ParameterIn.QUERY, description = "Overrides the fan-in computed from the shape.",
			schema = @Schema(type = "integer", format = "int64", minimum = "1", maximum = "9007199254740992"))
	@Parameter(name = "fanOut", in = ParameterIn.QUERY,
			description = "Overrides the fan-out computed from the shape.",
			schema = @Schema(type = "integer", format = "int64", minimum = "1", maximum = "9007199254740992"))
	@Parameter(name = "dtype", in = ParameterIn.QUERY, description = "Element type (bfloat16 has no npy form).",
			schema = @Schema(type = "string", allowableValues = { "float32", "float64", "float16", "bfloat16" },
					defaultValue = "float32"))
	@Parameter(name = "name", in = ParameterIn.QUERY,
			description = "The tensor's name, 1 to 256 characters; it selects the random stream. Absent: stream 0.",
			schema = @Schema(type = "string", minLength = 1, maxLength = 256))
	@Parameter(name = "slice", in = ParameterIn.QUERY,
			description = "A region of the full tensor: one start:stop per dimension, e.g. 0:512,: "
					+ "Fans come from the full shape; values equal the same elements of the whole tensor.",
			schema = @Schema(type = "string"))
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
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "406", description = "Accept admits neither SVG nor JSON",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<byte[]> getHistogram(@Parameter(hidden = true) HttpServletRequest request);

}
