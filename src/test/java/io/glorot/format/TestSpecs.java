package io.glorot.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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
 * Tensors for encoder tests.
 */
final class TestSpecs {

	private TestSpecs() {
	}

	static TensorSpec spec(DType dtype, String name, long... dims) {
		return spec(Region.all(Shape.of(dims)), dtype, name);
	}

	static TensorSpec spec(Region region, DType dtype, String name) {
		Shape shape = region.fullShape();
		Layout layout = (shape.rank() >= 2) ? Layout.TORCH : Layout.KERAS;
		XavierParameters parameters = XavierParameters.of(layout.fans(shape.dims()), Mode.FAN_AVG, 1.0);
		return new TensorSpec(region, dtype, Distribution.UNIFORM, layout, parameters, 42, name,
				new PhiloxGenerator());
	}

	static byte[] encode(TensorEncoder encoder, TensorSpec spec) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			encoder.write(spec, spec.generator().open(spec), out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
