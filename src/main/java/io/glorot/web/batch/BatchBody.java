package io.glorot.web.batch;

import java.math.BigInteger;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON body of {@code POST /v1/weights/batch}, for the OpenAPI description only: {@link BatchRequestParser}
 * reads bodies field by field so that every mistake gets its own problem.
 *
 * @param seed the seed of every tensor
 * @param defaults fields every tensor takes unless it gives its own
 * @param tensors the tensors
 * @param format the format
 */
@Schema(name = "BatchRequest", description = "Many named tensors in one answer; unknown fields are refused",
		example = "{\"seed\": 42, \"defaults\": {\"nonlinearity\": \"relu\"}, \"tensors\": [{\"name\": \"fc1.weight\", \"shape\": [128, 784]}, {\"name\": \"fc2.weight\", \"shape\": [10, 128]}], \"format\": \"json\"}")
record BatchBody(
		@Schema(types = { "integer", "string" }, minimum = "0", maximum = "18446744073709551615", example = "42",
				description = "Unsigned 64-bit seed of every tensor; also accepted as a string of digits. "
						+ "Absent: the service draws one and reports it in Tensor-Seed") BigInteger seed,
		@Schema(ref = "#/components/schemas/BatchDefaults") Object defaults,
		@ArraySchema(schema = @Schema(ref = "#/components/schemas/BatchTensor"), minItems = 1,
				arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
						description = "1 to glorot.limits.max-batch-tensors (default 1024) tensors with unique names"))
		List<Object> tensors,
		@Schema(allowableValues = { "json", "safetensors", "npz" },
				description = "Overrides Accept (also accepted as the query parameter format=)") String format) {

}
