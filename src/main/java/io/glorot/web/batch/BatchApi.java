package io.glorot.web.batch;

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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.web.problem.ProblemJson;
import io.glorot.web.serving.TensorJson;

/**
 * The OpenAPI description of {@code POST /v1/weights/batch}, kept apart from the controller.
 */
@Tag(name = "weights", description = "Xavier (Glorot) initialized tensors")
interface BatchApi {

	@Operation(summary = "Many named tensors in one answer: a whole model's weights",
			description = "Each tensor is exactly what GET /v1/weights answers for the same seed, name and "
					+ "parameters; names select the random streams, so adding or removing a tensor changes no "
					+ "other. A tensor's own fields replace the defaults. safetensors (the answer to "
					+ "application/x-safetensors and application/octet-stream), npz (application/x-npz) or JSON "
					+ "(no Accept, */*, application/json), streamed; the binary formats have an exact "
					+ "Content-Length.")
	@Parameter(name = "format", in = ParameterIn.QUERY, description = "Overrides Accept, as the body's format does.",
			schema = @Schema(type = "string", allowableValues = { "json", "safetensors", "npz" }))
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchBody.class)))
	@ApiResponse(responseCode = "200",
			description = "The tensors. JSON: an object keyed by name, each entry the single-tensor JSON answer. "
					+ "safetensors: __metadata__ holds generator, seed and tensors (the parameters of each, as a "
					+ "JSON string). npz: a zip of <name>.npy files that numpy.load opens.",
			headers = { @Header(name = "Tensor-Count", description = "How many tensors"),
					@Header(name = "Tensor-Seed", description = "The seed, given or drawn"),
					@Header(name = "Tensor-Generator", description = "Generator and version") },
			content = { @Content(mediaType = "application/json",
					schema = @Schema(type = "object", description = "Tensor name to TensorJson",
							additionalPropertiesSchema = TensorJson.class)),
					@Content(mediaType = "application/x-safetensors",
							schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "application/x-npz", schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400",
			description = "A field is missing, unknown or invalid (the problem's parameter names it, e.g. "
					+ "tensors[3].shape or defaults.dtype, and its tensor property gives the index), a name is "
					+ "repeated, or the batch exceeds a limit",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "406", description = "Accept admits none of the served formats",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "413", description = "The body is larger than glorot.limits.max-body-bytes",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	@ApiResponse(responseCode = "415", description = "The body is not application/json",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemJson.class)))
	ResponseEntity<StreamingResponseBody> postBatch(@Parameter(hidden = true) byte[] body,
			@Parameter(hidden = true) HttpServletRequest request);

}
