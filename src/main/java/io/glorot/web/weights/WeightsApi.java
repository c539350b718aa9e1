package io.glorot.web.weights;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

import io.glorot.web.problem.ProblemJson;
import io.glorot.web.request.TensorBody;
import io.glorot.web.serving.TensorJson;

/**
 * The OpenAPI description of {@code /v1/weights}, kept apart from the controller so the handler stays readable. The
 * query parameters of GET and the POST body are the one tensor model, {@link TensorBody}; the parameters are
 * derived from it by {@code TensorFieldsOpenApi}.
 */
@Tag(name = "weights", description = "Xavier (Glorot) initialized tensors")
interface WeightsApi {

	/** What every tensor answer may be. */
	String OK = "The tensor. JSON unless Accept or format= asks for raw, npy or safetensors.";

	@Operation(summary = "One Xavier-initialized tensor, from query parameters",
			description = "Same request, same bits: the values are a pure function of the parameters "
					+ "(generator philox4x32-10/v1). Without a seed the service draws one and reports it "
					+ "in Tensor-Seed and the JSON answer's seed.")
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
	ResponseEntity<?> getWeights(@Parameter(hidden = true) HttpServletRequest request);

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
	ResponseEntity<?> postWeights(@Parameter(hidden = true) byte[] body,
			@Parameter(hidden = true) HttpServletRequest request);

}
