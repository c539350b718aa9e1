package io.glorot.format;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.glorot.init.Distribution;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.Region;
import io.glorot.tensor.TensorSpec;

/**
 * The parameters that describe a tensor, in the order and under the names every answer uses: the JSON answer's
 * fields and the safetensors {@code __metadata__} carry the same entries.
 */
public final class TensorDescription {

	private TensorDescription() {
	}

	/**
	 * Describes a tensor.
	 * @param spec the tensor
	 * @return the entries, in answer order; numbers as numbers, shapes as lists
	 */
	public static Map<String, Object> of(TensorSpec spec) {
		Region region = spec.region();
		XavierParameters parameters = spec.parameters();
		Map<String, Object> entries = new LinkedHashMap<>();
		entries.put("shape", asList(region.shape().dims()));
		if (region.isSlice()) {
			entries.put("fullShape", asList(region.fullShape().dims()));
			entries.put("slice", region.toSliceString());
		}
		entries.put("dtype", spec.dtype().id());
		entries.put("distribution", spec.distribution().id());
		entries.put("seed", new BigInteger(spec.seedText()));
		if (spec.name() != null) {
			entries.put("name", spec.name());
		}
		entries.put("layout", spec.layout().id());
		entries.put("mode", parameters.mode().id());
		entries.put("fanIn", parameters.fans().fanIn());
		entries.put("fanOut", parameters.fans().fanOut());
		entries.put("gain", parameters.gain());
		entries.put("std", parameters.std());
		if (spec.distribution() == Distribution.UNIFORM) {
			entries.put("bound", parameters.bound());
		}
		else if (spec.distribution() == Distribution.TRUNCATED_NORMAL) {
			entries.put("bound", parameters.truncationBound());
		}
		entries.put("generator", spec.generator().version());
		entries.put("exact", spec.generator().exact(spec));
		return entries;
	}

	private static List<Long> asList(long[] dims) {
		return Arrays.stream(dims).boxed().toList();
	}

}
