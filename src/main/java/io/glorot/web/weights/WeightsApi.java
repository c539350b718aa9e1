package io.glorot.web.weights;

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
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.web.problem.ProblemJson;
import io.glorot.web.request.TensorBody;
import io.glorot.web.serving.TensorJson;

/**
 * The OpenAPI description of {@code /v1/weights}, kept apart from the controller so the handler stays readable.
 */
@Tag(name = "weights", description = "Xavier (Glorot) initialized tensors")
interface WeightsApi {

	/** What every tensor answer may be. */
	String OK = "The tensor. JSON unless Accept or format= asks for raw, npy or safetensors.";

	@Operation(summary = "One Xavier-initialized tensor, from query parameters",
			description = "Same request, same bits: the values are a pure function of the parameters "
					+ "(generator philox4x32-10/v1). Without a seed the service draws one and reports it "
					+ "in Tensor-Seed and the JSON answer's seed.")
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
	@Parameter(name = "format", in = ParameterIn.QUERY, description = "Overrides Accept.",
			schema = @Schema(type = "string", allowableValues = { "json", "raw", "npy", "safetensors" }))
	@Parameter(name = "generator", in = ParameterIn.QUERY, description = TensorBody.GENERATOR,
			schema = @Schema(type = "string", allowableValues = { "philox", "torch", "numpy", "numpy_legacy" },
					defaultValue = "philox"))
	@Parameter(name = "torchCpu", in = ParameterIn.QUERY, description = TensorBody.TORCH_CPU,
			schema = @Schema(type = "string", allowableValues = { "avx2", "default" }))
	@ApiResponse(responseCode = "200", description = OK,
			headers = { @Header(name = "Tensor-Shape", description = "Shape of the answer, e.g. 256,512"),
					@Header(name = "Tensor-Dtype", description = "Element type"),
					@Header(name = "Tensor-Seed", description = "The seed, given or drawn"),
					@Header(name = "Tensor-Generator", description = "Generator and version"),
					@Header(name = "Tensor-Exact",
							description = "true when the values are bit-identical to the generator's library; false "
									+ "when they are the closest this service computes (docs/compat.md)",
							schema = @Schema(type = "boolean")) },
			content = { @Content(mediaType = "application/json", schema = @Schema(implementation = TensorJson.class)),
					@Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/x-npy", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/x-safetensors",
							schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400", description = "A parameter is missing, unknown or invalid",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "406", description = "Accept admits none of the served formats",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	ResponseEntity<StreamingResponseBody> getWeights(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(hidden = true) HttpServletResponse response);

	@Operation(summary = "One Xavier-initialized tensor, from a JSON body",
			description = "Takes the same fields as GET, as a JSON object, and answers the same bytes.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = TensorBody.class)))
	@ApiResponse(responseCode = "200", description = OK,
			content = { @Content(mediaType = "application/json", schema = @Schema(implementation = TensorJson.class)),
					@Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/x-npy", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/x-safetensors",
							schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400", description = "A field is missing, unknown or invalid, or the body is not JSON",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "406", description = "Accept admits none of the served formats",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "415", description = "The body is not application/json",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	ResponseEntity<StreamingResponseBody> postWeights(@Parameter(hidden = true) byte[] body,
			@Parameter(hidden = true) HttpServletRequest request, @Parameter(hidden = true) HttpServletResponse response);

}
