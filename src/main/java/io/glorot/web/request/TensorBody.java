package io.glorot.web.request;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The tensor request: every field of a tensor, declared once with its type, allowed values, default and
 * documentation. It is the JSON body of {@code POST /v1/weights} ({@code TensorRequest} in the OpenAPI document),
 * and everything else follows from it: the parser's field list ({@link TensorRequestParser#FIELDS}, its record
 * components in order), the query parameters of {@code GET /v1/weights} and {@code GET /v1/weights/histogram}, and
 * the batch's {@code BatchDefaults} and {@code BatchTensor} schemas ({@link TensorFieldsOpenApi} derives them). The
 * service reads requests field by field ({@link QueryFields}, {@link JsonFields}) so that every mistake gets its
 * own precise problem, naming the field.
 *
 * @param shape dimensions
 * @param seed the seed
 * @param distribution the distribution
 * @param gain the gain
 * @param nonlinearity the nonlinearity
 * @param negativeSlope the leaky_relu slope
 * @param mode the fan mode
 * @param layout the layout
 * @param fanIn fan-in override
 * @param fanOut fan-out override
 * @param dtype the element type
 * @param name the tensor's name
 * @param slice the region
 * @param format the format
 * @param generator the generator
 * @param torchCpu the PyTorch CPU kernels
 */
@Schema(name = "TensorRequest", description = "The fields of GET /v1/weights as a JSON object; unknown fields are refused",
		example = "{\"shape\": [3, 4], \"seed\": 42, \"distribution\": \"uniform\", \"nonlinearity\": \"relu\"}")
public record TensorBody(
		@ArraySchema(schema = @Schema(minimum = "1"), minItems = 1, maxItems = 8,
				arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[256, 512]",
						description = "1 to 8 positive integers, e.g. 256,512 in a query, [256, 512] in JSON"))
		List<Long> shape,
		@Schema(types = { "integer", "string" }, minimum = "0", maximum = "18446744073709551615", example = "42",
				description = "Unsigned 64-bit integer, 0 to 18446744073709551615; in JSON also a string of digits. "
						+ "Absent: the service draws one the generator accepts and reports it") BigInteger seed,
		@Schema(allowableValues = { "uniform", "normal", "truncated_normal" }, defaultValue = "uniform",
				description = "The distribution of the values.") String distribution,
		@Schema(exclusiveMinimumValue = 0, description = "Scale factor, finite and > 0, whose values are finite in "
				+ "the dtype. Default 1. Not with nonlinearity.") Double gain,
		@Schema(allowableValues = { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
				"conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu" },
				description = "Sets the gain as PyTorch's calculate_gain does. Not with gain.") String nonlinearity,
		@Schema(description = "Negative slope for nonlinearity=leaky_relu (default 0.01); its square must be "
				+ "finite.") Double negativeSlope,
		@Schema(allowableValues = { "fan_avg", "fan_in", "fan_out" }, defaultValue = "fan_avg",
				description = "Which fan scales the variance.") String mode,
		@Schema(allowableValues = { "torch", "keras", "jax" }, defaultValue = "torch",
				description = "Where the shape keeps in and out: torch (out, in, *kernel), keras and jax "
						+ "(*kernel, in, out).") String layout,
		@Schema(minimum = "1", maximum = "9007199254740992",
				description = "Overrides the fan-in computed from the shape.") Long fanIn,
		@Schema(minimum = "1", maximum = "9007199254740992",
				description = "Overrides the fan-out computed from the shape.") Long fanOut,
		@Schema(allowableValues = { "float32", "float64", "float16", "bfloat16" }, defaultValue = "float32",
				description = "Element type (bfloat16 has no npy form).") String dtype,
		@Schema(minLength = 1, maxLength = 256, description = "The tensor's name, 1 to 256 characters; it selects "
				+ "the random stream. Absent: stream 0.") String name,
		@Schema(example = "0:128,:", description = "A region of the full tensor: one start:stop per dimension, e.g. "
				+ "0:512,: Fans come from the full shape; values equal the same elements of the whole tensor.")
		String slice,
		@Schema(allowableValues = { "json", "raw", "npy", "safetensors" }, description = "Overrides Accept.")
		String format,
		@Schema(allowableValues = { "philox", "torch", "numpy", "numpy_legacy" }, defaultValue = "philox",
				description = GENERATOR) String generator,
		@Schema(allowableValues = { "avx2", "default" }, description = TORCH_CPU) String torchCpu) {

	/** The fields, in documentation order: the record's components. */
	public static final List<String> FIELDS = Arrays.stream(TensorBody.class.getRecordComponents())
		.map(RecordComponent::getName)
		.toList();

	/** What the generator parameter selects. */
	public static final String GENERATOR = "philox: the canonical generator. torch: torch.manual_seed(seed); "
			+ "torch.nn.init.xavier_uniform_/xavier_normal_(w, gain) (PyTorch 1.13.1, x86-64 CPU; float32/float64, "
			+ "layout=torch, mode=fan_avg). numpy: np.random.default_rng(seed).uniform(-bound, bound, shape) or "
			+ ".normal(0.0, std, shape), then astype(dtype). numpy_legacy: the same through np.random.seed(seed) "
			+ "(seeds below 2^32). See docs/compat.md; what a generator cannot reproduce gets a 400 "
			+ "unsupported-by-generator problem.";

	/** What the torchCpu parameter selects. */
	public static final String TORCH_CPU = "generator=torch only: the AVX2 kernels (default) or the baseline ones "
			+ "(ATEN_CPU_CAPABILITY=default; float32 normal tensors of 16 or more elements are not reproducible).";

}
