package io.glorot.web.serving;

import java.math.BigInteger;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON answer, for the OpenAPI description only; {@link io.glorot.format.JsonEncoder} writes it.
 *
 * @param shape the answer's shape
 * @param fullShape the full tensor's shape, when sliced
 * @param slice the region, when sliced
 * @param dtype the element type
 * @param distribution the distribution
 * @param seed the seed
 * @param name the name, when given
 * @param layout the layout
 * @param mode the fan mode
 * @param fanIn fan-in
 * @param fanOut fan-out
 * @param gain gain
 * @param std standard deviation
 * @param bound uniform bound or truncation point
 * @param generator generator and version
 * @param exact whether the values are bit-identical to the generator's library
 * @param values the values, nested in C order
 */
@Schema(name = "TensorJson", description = "A tensor with its parameters")
public record TensorJson(@Schema(example = "[3, 4]") List<Long> shape,
		@Schema(description = "Only when sliced") List<Long> fullShape,
		@Schema(description = "Only when sliced", example = "0:3,0:4") String slice,
		@Schema(example = "float32") String dtype, @Schema(example = "uniform") String distribution,
		@Schema(type = "integer", example = "42") BigInteger seed,
		@Schema(description = "Only when given") String name, @Schema(example = "torch") String layout,
		@Schema(example = "fan_avg") String mode, @Schema(example = "4") long fanIn,
		@Schema(example = "3") long fanOut, @Schema(example = "1.0") double gain,
		@Schema(example = "0.5345224838248488") double std,
		@Schema(description = "Uniform: the bound; truncated_normal: the truncation point; absent for normal",
				example = "0.9258200997725514") Double bound,
		@Schema(example = "philox4x32-10/v1", description = "philox4x32-10/v1, torch-1.13.1/cpu-avx2, "
				+ "torch-1.13.1/cpu-default, numpy-1.24.2/pcg64 or numpy-1.24.2/mt19937-legacy") String generator,
		@Schema(description = "false when the values are only the closest to the library's (docs/compat.md)")
		boolean exact,
		@Schema(description = "Nested arrays in C order, as numpy's tolist()",
				example = "[[0.20916106, -0.058166467, -0.7902213, -0.29466715]]") List<Object> values) {

}
