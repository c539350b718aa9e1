package io.glorot.histogram;

import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

/**
 * Tensor specs for tests, made as the request parser makes them.
 */
final class TestTensors {

	private TestTensors() {
	}

	static TensorSpec spec(Distribution distribution, DType dtype, long seed, String name, long... dims) {
		Shape shape = Shape.of(dims);
		return spec(Region.all(shape), distribution, dtype, seed, name);
	}

	static TensorSpec spec(Region region, Distribution distribution, DType dtype, long seed, String name) {
		XavierParameters parameters = XavierParameters.of(Layout.TORCH.fans(region.fullShape().dims()), Mode.FAN_AVG,
				1.0);
		return new TensorSpec(region, dtype, distribution, Layout.TORCH, parameters, seed, name,
				new PhiloxGenerator());
	}

	/** All values of a whole tensor as doubles, read at once (the direct way the histogram must agree with). */
	static double[] values(TensorSpec spec) {
		int n = Math.toIntExact(spec.region().elementCount());
		double[] values = new double[n];
		if (spec.dtype().isDouble()) {
			spec.generator().open(spec).fill(0, values, 0, n);
			return values;
		}
		float[] floats = new float[n];
		spec.generator().open(spec).fill(0, floats, 0, n);
		for (int i = 0; i < n; i++) {
			values[i] = WeightHistograms.served(spec.dtype(), floats[i]);
		}
		return values;
	}

}
