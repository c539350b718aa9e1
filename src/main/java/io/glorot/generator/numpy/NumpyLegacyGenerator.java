package io.glorot.generator.numpy;

import java.util.List;

import io.glorot.generator.GeneratorChecks;
import io.glorot.generator.SequentialValues;
import io.glorot.init.Distribution;
import io.glorot.random.Mt19937;
import io.glorot.tensor.DType;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.UnsupportedTensorException;
import io.glorot.tensor.ValueSource;

/**
 * The tensor that {@code np.random.seed(seed)} and then {@code np.random.uniform(-bound, bound, size=shape)} or
 * {@code np.random.normal(0.0, std, size=shape)} give with NumPy 1.24.2 (legacy {@code RandomState}, MT19937),
 * followed by {@code .astype(dtype)}, with {@code bound} and {@code std} from the canonical Xavier arithmetic
 * (numpy.md §4; docs/compat.md). Uniform values are exact; normal values go through glibc's {@code log} in NumPy,
 * approximated here with {@link Math#log}, so they are served as approximate.
 */
public final class NumpyLegacyGenerator implements TensorGenerator {

	/** The request name of this generator. */
	public static final String NAME = "numpy_legacy";

	/** The version this generator reports. */
	public static final String VERSION = "numpy-" + NumpyGenerator.NUMPY_VERSION + "/mt19937-legacy";

	private static final long MAX_SEED = 0xFFFFFFFFL;

	@Override
	public String version() {
		return VERSION;
	}

	@Override
	public long maxSeed() {
		return MAX_SEED;
	}

	@Override
	public void check(TensorSpec spec) {
		GeneratorChecks.require(NAME, "dtype", spec.dtype(), DType.FLOAT32, DType.FLOAT64, DType.FLOAT16);
		GeneratorChecks.require(NAME, "distribution", spec.distribution(), Distribution.UNIFORM,
				Distribution.NORMAL);
		if (Long.compareUnsigned(spec.seed(), MAX_SEED) > 0) {
			throw new UnsupportedTensorException("seed", "generator=numpy_legacy takes seeds from 0 to 4294967295, "
					+ "as np.random.seed does; got " + spec.seedText(), List.of("0 to 4294967295"));
		}
	}

	@Override
	public boolean exact(TensorSpec spec) {
		return spec.distribution() != Distribution.NORMAL;
	}

	@Override
	public long cost(TensorSpec spec) {
		return GeneratorChecks.elementsThrough(spec);
	}

	@Override
	public ValueSource open(TensorSpec spec) {
		ValueSource values = values(spec);
		return (spec.dtype() == DType.FLOAT16) ? new HalfFromDouble(values) : values;
	}

	private ValueSource values(TensorSpec spec) {
		int seed = (int) spec.seed();
		if (spec.distribution() == Distribution.UNIFORM) {
			return new UniformValues(seed, -spec.parameters().bound(), spec.parameters().bound());
		}
		return new NormalValues(seed, spec.parameters().std());
	}

	/** {@code RandomState}'s {@code next_double}: 53 bits from two 32-bit words. */
	static double nextDouble(Mt19937 mt) {
		long a = (mt.next32() & 0xFFFFFFFFL) >>> 5;
		long b = (mt.next32() & 0xFFFFFFFFL) >>> 6;
		return (a * 67108864.0 + b) / 9007199254740992.0;
	}

	/**
	 * {@code RandomState.uniform(low, high)}: two words per element, so skipping passes over words.
	 */
	static final class UniformValues extends SequentialValues {

		private final int seed;

		private final double low;

		private final double range;

		private Mt19937 mt;

		UniformValues(int seed, double low, double high) {
			this.seed = seed;
			this.low = low;
			this.range = high - low;
			this.mt = new Mt19937(seed);
		}

		@Override
		protected void restart() {
			this.mt = new Mt19937(this.seed);
		}

		@Override
		protected void skip(long from, long count) {
			this.mt.skip(2 * count);
		}

		@Override
		protected float nextFloat(long index) {
			return (float) nextDouble(index);
		}

		@Override
		protected double nextDouble(long index) {
			return this.low + this.range * NumpyLegacyGenerator.nextDouble(this.mt);
		}

	}

	/**
	 * {@code RandomState.normal(0.0, std)}: the polar method with a cached second value; rejection makes the
	 * number of words per element vary, so skipping draws and discards elements.
	 */
	static final class NormalValues extends SequentialValues {

		private final int seed;

		private final double std;

		private Mt19937 mt;

		private boolean hasGauss;

		private double gauss;

		NormalValues(int seed, double std) {
			this.seed = seed;
			this.std = std;
			this.mt = new Mt19937(seed);
		}

		@Override
		protected void restart() {
			this.mt = new Mt19937(this.seed);
			this.hasGauss = false;
		}

		@Override
		protected void skip(long from, long count) {
			for (long k = 0; k < count; k++) {
				gauss();
			}
		}

		@Override
		protected float nextFloat(long index) {
			return (float) nextDouble(index);
		}

		@Override
		protected double nextDouble(long index) {
			return 0.0 + this.std * gauss();
		}

		private double gauss() {
			if (this.hasGauss) {
				this.hasGauss = false;
				return this.gauss;
			}
			double x1;
			double x2;
			double r2;
			do {
				x1 = 2.0 * NumpyLegacyGenerator.nextDouble(this.mt) - 1.0;
				x2 = 2.0 * NumpyLegacyGenerator.nextDouble(this.mt) - 1.0;
				r2 = x1 * x1 + x2 * x2;
			}
			while (r2 >= 1.0 || r2 == 0.0);
			double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
			this.gauss = f * x1;
			this.hasGauss = true;
			return f * x2;
		}

	}

}
