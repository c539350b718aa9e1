package io.glorot.web.problem;

import java.net.URI;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The problem body (RFC 9457), for the OpenAPI description only; Spring's {@code ProblemDetail} writes it.
 *
 * @param type the kind of problem, stable forever
 * @param title the kind's fixed title
 * @param status the HTTP status
 * @param detail what was wrong and what is allowed
 * @param instance the request path
 * @param parameter the parameter or field at fault
 * @param allowed what the parameter allows
 */
@Schema(name = "Problem", description = "An RFC 9457 problem; kinds are listed in docs/api.md",
		additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
public record ProblemJson(@Schema(example = "urn:glorot:problem:invalid-shape") URI type,
		@Schema(example = "Invalid shape") String title, @Schema(example = "400") int status,
		@Schema(example = "'shape' must be 1 to 8 positive integers; got 'x', not an integer in '3,x'") String detail,
		@Schema(example = "/v1/weights") URI instance, @Schema(example = "shape") String parameter,
		@Schema(description = "A list of allowed values or a description of them") Object allowed) {

}
