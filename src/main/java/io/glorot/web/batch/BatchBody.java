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
		@Schema(type = "integer", minimum = "0", maximum = "18446744073709551615", example = "42",
				description = "Unsigned 64-bit seed of every tensor; also accepted as a string of digits. "
						+ "Absent: the service draws one and reports it in Tensor-Seed") BigInteger seed,
		@Schema(implementation = Defaults.class) Defaults defaults,
		@ArraySchema(schema = @Schema(implementation = Tensor.class), minItems = 1,
				arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
						description = "1 to glorot.limits.max-batch-tensors (default 1024) tensors with unique names"))
		List<Tensor> tensors,
		@Schema(allowableValues = { "json", "safetensors", "npz" },
				description = "Overrides Accept (also accepted as the query parameter format=)") String format) {

	/**
	 * Fields every tensor takes unless it gives its own: any single-tensor field but shape, name, seed and format.
	 *
	 * @param distribution the distribution
	 * @param gain the gain
	 * @param nonlinearity the nonlinearity
	 * @param negativeSlope the leaky_relu slope
	 * @param mode the fan mode
	 * @param layout the layout
	 * @param fanIn fan-in override
	 * @param fanOut fan-out override
	 * @param dtype the element type
	 * @param slice the region
	 */
	@Schema(name = "BatchDefaults", description = "Fields every tensor takes unless it gives its own. A tensor's own "
			+ "gain or nonlinearity replaces the defaults' gain, nonlinearity and negativeSlope together.")
	record Defaults(
			@Schema(allowableValues = { "uniform", "normal", "truncated_normal" }) String distribution,
			@Schema(exclusiveMinimumValue = 0) Double gain,
			@Schema(allowableValues = { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
					"conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu",
					"selu" }) String nonlinearity,
			Double negativeSlope,
			@Schema(allowableValues = { "fan_avg", "fan_in", "fan_out" }) String mode,
			@Schema(allowableValues = { "torch", "keras", "jax" }) String layout,
			@Schema(minimum = "1", maximum = "9007199254740992") Long fanIn,
			@Schema(minimum = "1", maximum = "9007199254740992") Long fanOut,
			@Schema(allowableValues = { "float32", "float64", "float16", "bfloat16" }) String dtype,
			String slice) {

	}

	/**
	 * One tensor: its name and shape, and any field that overrides the defaults.
	 *
	 * @param name the name
	 * @param shape the shape
	 * @param distribution the distribution
	 * @param gain the gain
	 * @param nonlinearity the nonlinearity
	 * @param negativeSlope the leaky_relu slope
	 * @param mode the fan mode
	 * @param layout the layout
	 * @param fanIn fan-in override
	 * @param fanOut fan-out override
	 * @param dtype the element type
	 * @param slice the region
	 */
	@Schema(name = "BatchTensor", description = "A tensor of a batch: the fields of a single-tensor request but "
			+ "seed and format, with name required")
	record Tensor(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 256,
					example = "encoder.0.weight",
					description = "Unique in the batch; selects the random stream. Not __metadata__. With npz, "
							+ "also a safe zip path (no leading or trailing /, no \\, no drive letter, "
							+ "no empty, . or .. segments)") String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[768, 768]",
					description = "1 to 8 positive integers") List<Long> shape,
			@Schema(allowableValues = { "uniform", "normal", "truncated_normal" }) String distribution,
			@Schema(exclusiveMinimumValue = 0) Double gain,
			@Schema(allowableValues = { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
					"conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu",
					"selu" }) String nonlinearity,
			Double negativeSlope,
			@Schema(allowableValues = { "fan_avg", "fan_in", "fan_out" }) String mode,
			@Schema(allowableValues = { "torch", "keras", "jax" }) String layout,
			@Schema(minimum = "1", maximum = "9007199254740992") Long fanIn,
			@Schema(minimum = "1", maximum = "9007199254740992") Long fanOut,
			@Schema(allowableValues = { "float32", "float64", "float16", "bfloat16" }) String dtype,
			String slice) {

	}

}
