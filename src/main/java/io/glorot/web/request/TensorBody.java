package io.glorot.web.request;

import java.math.BigInteger;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON body of {@code POST /v1/weights}, for the OpenAPI description only: the service reads bodies field by
 * field ({@link JsonFields}) so that every mistake gets its own problem.
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
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[256, 512]",
				description = "1 to 8 positive integers") List<Long> shape,
		@Schema(type = "integer", minimum = "0", maximum = "18446744073709551615", example = "42",
				description = "Unsigned 64-bit seed; also accepted as a string of digits") BigInteger seed,
		@Schema(allowableValues = { "uniform", "normal", "truncated_normal" },
				defaultValue = "uniform") String distribution,
		@Schema(exclusiveMinimumValue = 0, description = "Finite and > 0; not with nonlinearity") Double gain,
		@Schema(allowableValues = { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
				"conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu" }) String nonlinearity,
		@Schema(description = "For leaky_relu; default 0.01") Double negativeSlope,
		@Schema(allowableValues = { "fan_avg", "fan_in", "fan_out" }, defaultValue = "fan_avg") String mode,
		@Schema(allowableValues = { "torch", "keras", "jax" }, defaultValue = "torch") String layout,
		@Schema(minimum = "1", maximum = "9007199254740992") Long fanIn,
		@Schema(minimum = "1", maximum = "9007199254740992") Long fanOut,
		@Schema(allowableValues = { "float32", "float64", "float16", "bfloat16" },
				defaultValue = "float32") String dtype,
		@Schema(minLength = 1, maxLength = 256) String name,
		@Schema(example = "0:128,:", description = "One start:stop per dimension") String slice,
		@Schema(allowableValues = { "json", "raw", "npy", "safetensors" }) String format,
		@Schema(allowableValues = { "philox", "torch", "numpy", "numpy_legacy" }, defaultValue = "philox",
				description = GENERATOR) String generator,
		@Schema(allowableValues = { "avx2", "default" },
				description = TORCH_CPU) String torchCpu) {

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
