package io.glorot.generator;

import java.util.List;

import io.glorot.init.WireEnum;
import io.glorot.tensor.Region;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.UnsupportedTensorException;

/**
 * Small helpers the compatibility generators share to refuse what their library cannot reproduce and to count the
 * work of a sequential stream.
 */
public final class GeneratorChecks {

	private GeneratorChecks() {
	}

	/**
	 * Refuses a field value outside a list.
	 * @param <E> the field's type
	 * @param generator the generator's request name, such as {@code torch}
	 * @param field the field
	 * @param value the value asked for
	 * @param supported what the generator supports
	 * @throws UnsupportedTensorException if the value is not supported
	 */
	@SafeVarargs
	public static <E extends Enum<E> & WireEnum> void require(String generator, String field, E value,
			E... supported) {
		List<E> values = List.of(supported);
		if (!values.contains(value)) {
			List<String> ids = values.stream().map(WireEnum::id).toList();
			throw new UnsupportedTensorException(field, "generator=" + generator + " cannot reproduce " + field + "="
					+ value.id() + "; it supports " + field + "=" + String.join(" or ", ids), ids);
		}
	}

	/**
	 * Returns how many elements a stream that runs from the start passes to serve a tensor's region: every
	 * element up to and including the region's last.
	 * @param spec the tensor
	 * @return the last flat index of the region, plus one
	 */
	public static long elementsThrough(TensorSpec spec) {
		Region region = spec.region();
		long[] last = new long[1];
		region.forEachRun(region.elementCount() - 1, 1, (flat, length, offset) -> last[0] = flat);
		return last[0] + 1;
	}

}
