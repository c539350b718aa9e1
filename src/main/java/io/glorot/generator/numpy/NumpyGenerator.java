package io.glorot.generator.numpy;

import java.math.BigInteger;

import io.glorot.generator.GeneratorChecks;
import io.glorot.generator.SequentialValues;
import io.glorot.init.Distribution;
import io.glorot.tensor.DType;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * The tensor that {@code rng = np.random.default_rng(seed)} and then {@code rng.uniform(-bound, bound, size=shape)}
 * or {@code rng.normal(0.0, std, size=shape)} give with NumPy 1.24.2, followed by {@code .astype(dtype)}, with
 * {@code bound} and {@code std} from the canonical Xavier arithmetic (numpy.md; docs/compat.md). Uniform tensors
 * are served by jumping the PCG64 stream to each range (one draw per element); normal tensors run the ziggurat from
 * the start of the stream.
 */
public final class NumpyGenerator implements TensorGenerator {

	/** The request name of this generator. */
	public static final String NAME = "numpy";

	/** The NumPy version whose bits the NumPy generators reproduce. */
	public static final String NUMPY_VERSION = "1.24.2";

	/** The version this generator reports. */
	public static final String VERSION = "numpy-" + NUMPY_VERSION + "/pcg64";

	@Override
	public String version() {
		return VERSION;
	}

	@Override
	public void check(TensorSpec spec) {
		GeneratorChecks.require(NAME, "dtype", spec.dtype(), DType.FLOAT32, DType.FLOAT64, DType.FLOAT16);
		GeneratorChecks.require(NAME, "distribution", spec.distribution(), Distribution.UNIFORM,
				Distribution.NORMAL);
	}

	/** Uniform tensors jump to their region; normal ones run from the start through the region's last element. */
	@Override
	public long cost(TensorSpec spec) {
		return (spec.distribution() == Distribution.UNIFORM) ? spec.region().elementCount()
				: GeneratorChecks.elementsThrough(spec);
	}

	@Override
	public ValueSource open(TensorSpec spec) {
		ValueSource values = values(spec);
		return (spec.dtype() == DType.FLOAT16) ? new HalfFromDouble(values) : values;
	}

	private ValueSource values(TensorSpec spec) {
		Pcg64 seeded = Pcg64.seeded(new BigInteger(spec.seedText()));
		if (spec.distribution() == Distribution.UNIFORM) {
			return new UniformValues(seeded, -spec.parameters().bound(), spec.parameters().bound());
		}
		return new NormalValues(seeded, spec.parameters().std());
	}

	/**
	 * {@code Generator.uniform(low, high)}: {@code low + (high - low) * next_double()}, one 64-bit draw per
	 * element, so each fill jumps a copy of the seeded stream straight to its first element: any range, any order.
	 */
	static final class UniformValues implements ValueSource {

		private final Pcg64 seeded;

		private final double low;

		private final double range;

		UniformValues(Pcg64 seeded, double low, double high) {
			this.seeded = seeded;
			this.low = low;
			this.range = high - low;
		}

		@Override
		public void fill(long from, float[] dst, int offset, int length) {
			Pcg64 pcg = at(from);
			for (int j = 0; j < length; j++) {
				dst[offset + j] = (float) (this.low + this.range * pcg.nextDouble());
			}
		}

		@Override
		public void fill(long from, double[] dst, int offset, int length) {
			Pcg64 pcg = at(from);
			for (int j = 0; j < length; j++) {
				dst[offset + j] = this.low + this.range * pcg.nextDouble();
			}
		}

		private Pcg64 at(long from) {
			Pcg64 pcg = this.seeded.copy();
			pcg.advance(from);
			return pcg;
		}

	}

	/**
	 * {@code Generator.normal(0.0, std)}: {@code 0.0 + std * standard_normal()}, where the ziggurat takes a varying
	 * number of draws per element, so the stream runs from its start and skipping draws and discards elements.
	 */
	static final class NormalValues extends SequentialValues {

		private final Pcg64 seeded;

		private final double std;

		private Pcg64 pcg;

		NormalValues(Pcg64 seeded, double std) {
			this.seeded = seeded;
			this.std = std;
			this.pcg = seeded.copy();
		}

		@Override
		protected void restart() {
			this.pcg = this.seeded.copy();
		}

		@Override
		protected void skip(long from, long count) {
			for (long k = 0; k < count; k++) {
				Ziggurat.standardNormal(this.pcg);
			}
		}

		@Override
		protected float nextFloat(long index) {
			return (float) nextDouble(index);
		}

		@Override
		protected double nextDouble(long index) {
			return 0.0 + this.std * Ziggurat.standardNormal(this.pcg);
		}

	}

}
