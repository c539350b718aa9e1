package io.glorot.generator;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.RegionValues;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;
import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §2: an element depends only on (seed, stream, i), so any range, in any order, and any slice equals the same
 * part of the whole tensor.
 */
class ElementIndependenceTests {

	private final PhiloxGenerator generator = new PhiloxGenerator();

	@Test
	void fillOfAnyRangeShouldEqualSameElementsOfWholeTensor() {
		RandomCases.check(300, (draw) -> fillOfAnyRangeShouldEqualSameElementsOfWholeTensor(
				draw.anyOf(Distribution.class), draw.anyLong(), draw.intBetween(0, 999), draw.intBetween(0, 999)));
	}

	private void fillOfAnyRangeShouldEqualSameElementsOfWholeTensor(Distribution distribution, long seed, int length,
			int from) {
		ValueSource source = this.generator.open(spec(distribution, seed, Region.all(Shape.of(4, 250))));
		double[] whole = new double[1000];
		source.fill(0, whole, 0, 1000);
		int start = from % 1000;
		int count = Math.min(length, 1000 - start);
		double[] part = new double[count + 3];
		source.fill(start, part, 3, count);
		for (int j = 0; j < count; j++) {
			assertThat(part[3 + j]).isEqualTo(whole[start + j]);
		}
	}

	@Test
	void sliceShouldEqualSameRegionOfWholeTensor() {
		RandomCases.check(300, (draw) -> sliceShouldEqualSameRegionOfWholeTensor(draw.anyOf(Distribution.class),
				draw.anyLong(), region(draw)));
	}

	private void sliceShouldEqualSameRegionOfWholeTensor(Distribution distribution, long seed, Region region) {
		TensorSpec full = spec(distribution, seed, Region.all(region.fullShape()));
		TensorSpec sliced = spec(distribution, seed, region);
		int total = (int) region.fullShape().elementCount();
		float[] whole = new float[total];
		new RegionValues(full, this.generator.open(full)).floats(0, total, whole);
		int count = (int) region.elementCount();
		float[] part = new float[count];
		new RegionValues(sliced, this.generator.open(sliced)).floats(0, count, part);
		long[] dims = region.fullShape().dims();
		long[] sizes = region.shape().dims();
		long[] start = parseStarts(region.toSliceString());
		for (int k = 0; k < count; k++) {
			// the k-th region element's flat index in the full tensor
			long rest = k;
			long flat = 0;
			long stride = 1;
			for (int d = dims.length - 1; d >= 0; d--) {
				flat += (start[d] + rest % sizes[d]) * stride;
				rest /= sizes[d];
				stride *= dims[d];
			}
			assertThat(part[k]).as("region element %d", k).isEqualTo(whole[(int) flat]);
		}
	}

	/** A region of a tensor of rank 1 to 4 with dimensions 1 to 7: any start, any non-empty extent. */
	private static Region region(RandomCases.Draw draw) {
		long[] dims = draw.longsBetween(draw.intBetween(1, 4), 1, 7);
		long[] starts = new long[dims.length];
		long[] ends = new long[dims.length];
		for (int d = 0; d < dims.length; d++) {
			starts[d] = draw.longBetween(0, dims[d] - 1);
			ends[d] = draw.longBetween(starts[d] + 1, dims[d]);
		}
		return Region.of(Shape.of(dims), starts, ends);
	}

	private static long[] parseStarts(String slice) {
		return Arrays.stream(slice.split(",")).mapToLong((r) -> Long.parseLong(r.split(":")[0])).toArray();
	}

	static TensorSpec spec(Distribution distribution, long seed, Region region) {
		XavierParameters parameters = XavierParameters.of(new Fans(64, 32), Mode.FAN_AVG, 1.0);
		return new TensorSpec(region, DType.FLOAT32, distribution, Layout.TORCH, parameters, seed, "layer.weight",
				new PhiloxGenerator());
	}

}
