package io.glorot.generator.torch;

import java.util.List;

import io.glorot.generator.GeneratorChecks;
import io.glorot.generator.SequentialValues;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.random.Mt19937;
import io.glorot.tensor.DType;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.UnsupportedTensorException;
import io.glorot.tensor.ValueSource;

/**
 * The tensor that {@code torch.manual_seed(seed); w = torch.empty(shape, dtype=dtype);
 * torch.nn.init.xavier_uniform_(w, gain)} (or {@code xavier_normal_}) gives with PyTorch 1.13.1 on an x86-64 CPU
 * (pytorch.md; docs/compat.md). Only the seed's low 32 bits matter. Uniform values and float32 normal values of
 * 16 or more elements (AVX2 kernels) are bit-exact; float64 normal values and normal tensors of fewer than 16
 * elements go through glibc's {@code log}, {@code sin} and {@code cos} in PyTorch, which this class approximates
 * with {@link Math}'s, so they are served as approximate.
 */
public final class TorchGenerator implements TensorGenerator {

	/** The request name of this generator. */
	public static final String NAME = "torch";

	/** The PyTorch version whose bits this generator reproduces. */
	public static final String TORCH_VERSION = "1.13.1";

	/** Tensors with fewer elements take PyTorch's scalar normal path (pytorch.md §4.3). */
	static final int FILL_MIN = 16;

	private static final double TWO_PI = 6.283185307179586;

	private final TorchCpu cpu;

	/**
	 * Makes the generator for one kind of CPU kernel.
	 * @param cpu which kernels to reproduce
	 */
	public TorchGenerator(TorchCpu cpu) {
		this.cpu = cpu;
	}

	@Override
	public String version() {
		return "torch-" + TORCH_VERSION + "/cpu-" + this.cpu.id();
	}

	/**
	 * Computes {@code std = gain * sqrt(2.0 / (fan_in + fan_out))} and {@code bound = sqrt(3.0) * std} in
	 * PyTorch's order (pytorch.md §2).
	 */
	@Override
	public XavierParameters parameters(Fans fans, Mode mode, double gain) {
		if (mode != Mode.FAN_AVG || fans.fanIn() > (1L << 53) || fans.fanOut() > (1L << 53)) {
			return XavierParameters.of(fans, mode, gain);
		}
		double std = gain * Math.sqrt(2.0 / (double) (fans.fanIn() + fans.fanOut()));
		return new XavierParameters(fans, mode, gain, std, Math.sqrt(3.0) * std);
	}

	@Override
	public void check(TensorSpec spec) {
		GeneratorChecks.require(NAME, "dtype", spec.dtype(), DType.FLOAT32, DType.FLOAT64);
		GeneratorChecks.require(NAME, "distribution", spec.distribution(), Distribution.UNIFORM,
				Distribution.NORMAL);
		GeneratorChecks.require(NAME, "mode", spec.parameters().mode(), Mode.FAN_AVG);
		GeneratorChecks.require(NAME, "layout", spec.layout(), Layout.TORCH);
		Shape shape = spec.fullShape();
		if (shape.rank() < 2) {
			throw new UnsupportedTensorException("shape",
					"generator=torch needs a shape of at least 2 dimensions, as xavier_uniform_ does", List.of());
		}
		Fans fans = Layout.TORCH.fans(shape.dims());
		if (!fans.equals(spec.parameters().fans())) {
			throw new UnsupportedTensorException("fanIn", "generator=torch computes the fans from the shape ("
					+ fans.fanIn() + " and " + fans.fanOut() + ") as PyTorch does; leave out fanIn and fanOut",
					List.of());
		}
		if (this.cpu == TorchCpu.DEFAULT && spec.distribution() == Distribution.NORMAL
				&& spec.dtype() == DType.FLOAT32 && shape.elementCount() >= FILL_MIN) {
			throw new UnsupportedTensorException("torchCpu", "generator=torch with torchCpu=default cannot "
					+ "reproduce float32 normal tensors of 16 or more elements (they depend on glibc's logf, sinf and cosf); "
					+ "use torchCpu=avx2, or dtype=float64", List.of("avx2"));
		}
	}

	@Override
	public boolean exact(TensorSpec spec) {
		return spec.distribution() != Distribution.NORMAL
				|| (spec.dtype() == DType.FLOAT32 && spec.fullShape().elementCount() >= FILL_MIN);
	}

	/** Runs from the start of the stream through the region's last element (docs/compat.md §Slices). */
	@Override
	public long cost(TensorSpec spec) {
		return GeneratorChecks.elementsThrough(spec);
	}

	@Override
	public ValueSource open(TensorSpec spec) {
		int seed = (int) spec.seed();
		long n = spec.fullShape().elementCount();
		boolean wide = spec.dtype() == DType.FLOAT64;
		boolean fused = this.cpu == TorchCpu.AVX2;
		double bound = spec.parameters().bound();
		double std = spec.parameters().std();
		if (spec.distribution() == Distribution.UNIFORM) {
			return new UniformValues(seed, wide, fused, -bound, bound);
		}
		if (n < FILL_MIN) {
			return scalarNormal(seed, (int) n, wide, fused, std);
		}
		return new NormalValues(seed, n, wide, std);
	}

	/**
	 * The scalar normal path, for tensors of fewer than 16 elements: Box-Muller in double with a cached second
	 * value, computed whole (pytorch.md §4.3).
	 */
	static ValueSource scalarNormal(int seed, int n, boolean wide, boolean fused, double std) {
		Mt19937 mt = new Mt19937(seed);
		double[] values = new double[n];
		double cached = 0;
		boolean hasCached = false;
		for (int i = 0; i < n; i++) {
			double z;
			if (hasCached) {
				z = cached;
				hasCached = false;
			}
			else {
				double u1 = uniform53(mt.next64());
				double u2 = uniform53(mt.next64());
				double r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
				double theta = TWO_PI * u1;
				cached = r * Math.sin(theta);
				hasCached = true;
				z = r * Math.cos(theta);
			}
			double out = fused ? Math.fma(z, std, 0.0) : z * std + 0.0;
			values[i] = wide ? out : (float) out;
		}
		return new ValueSource() {

			@Override
			public void fill(long from, float[] dst, int offset, int length) {
				for (int j = 0; j < length; j++) {
					dst[offset + j] = (float) values[(int) from + j];
				}
			}

			@Override
			public void fill(long from, double[] dst, int offset, int length) {
				System.arraycopy(values, (int) from, dst, offset, length);
			}

		};
	}

	static float uniform24(int word) {
		return (word & 0x00FFFFFF) * 0x1.0p-24f;
	}

	static double uniform53(long word) {
		return (word & ((1L << 53) - 1)) * 0x1.0p-53;
	}

	/**
	 * {@code uniform_(from, to)}: one MT word per float32 element, two per float64 element, in storage order
	 * (pytorch.md §3). Skipping passes over words without tempering them.
	 */
	static final class UniformValues extends SequentialValues {

		private final int seed;

		private final boolean wide;

		private final boolean fused;

		private final float fromF;

		private final float rangeF;

		private final double from;

		private final double range;

		private Mt19937 mt;

		UniformValues(int seed, boolean wide, boolean fused, double from, double to) {
			this.seed = seed;
			this.wide = wide;
			this.fused = fused;
			this.fromF = (float) from;
			this.rangeF = (float) to - (float) from;
			this.from = from;
			this.range = to - from;
			this.mt = new Mt19937(seed);
		}

		@Override
		protected void restart() {
			this.mt = new Mt19937(this.seed);
		}

		@Override
		protected void skip(long at, long count) {
			this.mt.skip(this.wide ? 2 * count : count);
		}

		@Override
		protected float nextFloat(long index) {
			if (this.wide) {
				return (float) nextDouble(index);
			}
			float x = uniform24(this.mt.next32());
			return this.fused ? Math.fma(x, this.rangeF, this.fromF) : x * this.rangeF + this.fromF;
		}

		@Override
		protected double nextDouble(long index) {
			if (!this.wide) {
				return nextFloat(index);
			}
			double x = uniform53(this.mt.next64());
			return this.fused ? Math.fma(x, this.range, this.from) : x * this.range + this.from;
		}

	}

	/**
	 * The fill path of {@code normal_} for 16 or more elements: blocks of 16 uniforms turned into 16 normals, and
	 * when the count is not a multiple of 16, the last 16 elements made again from 16 new uniforms (pytorch.md
	 * §4.1). A block is made when its first element is asked for; skipping passes over the words between.
	 */
	static final class NormalValues extends SequentialValues {

		private final int seed;

		private final long n;

		private final boolean wide;

		private final double std;

		private final float[] floats = new float[16];

		private final double[] doubles = new double[16];

		private long blockStart = -1;

		private Mt19937 mt;

		NormalValues(int seed, long n, boolean wide, double std) {
			this.seed = seed;
			this.n = n;
			this.wide = wide;
			this.std = std;
			this.mt = new Mt19937(seed);
		}

		@Override
		protected void restart() {
			this.mt = new Mt19937(this.seed);
			this.blockStart = -1;
		}

		@Override
		protected void skip(long at, long count) {
			// blocks are made on demand; the words between are skipped then
		}

		@Override
		protected float nextFloat(long index) {
			if (this.wide) {
				return (float) nextDouble(index);
			}
			return this.floats[load(index)];
		}

		@Override
		protected double nextDouble(long index) {
			if (!this.wide) {
				return nextFloat(index);
			}
			return this.doubles[load(index)];
		}

		/** Makes the block that holds an element, if it is not the current one, and returns the element's lane. */
		private int load(long index) {
			boolean tail = (this.n % 16 != 0) && index >= this.n - 16;
			long start = tail ? this.n : (index & ~15L);
			if (start != this.blockStart) {
				long word = this.wide ? 2 * start : start;
				if (this.mt.position() > word) {
					this.mt = new Mt19937(this.seed);
				}
				this.mt.skip(word - this.mt.position());
				if (this.wide) {
					for (int k = 0; k < 16; k++) {
						this.doubles[k] = uniform53(this.mt.next64());
					}
					transform16(this.doubles, this.std);
				}
				else {
					for (int k = 0; k < 16; k++) {
						this.floats[k] = uniform24(this.mt.next32());
					}
					AvxMathFun.transform16(this.floats, 0, (float) this.std, 0f);
				}
				this.blockStart = start;
			}
			return (int) (tail ? index - (this.n - 16) : index - start);
		}

		/**
		 * The float64 block (pytorch.md §4.2 (B)); with mean 0 the fused (AVX2) and unfused forms give the same
		 * bits, since {@code fma(p, std, 0.0)} and {@code p * std + 0.0} both round {@code p * std} once.
		 */
		static void transform16(double[] d, double std) {
			for (int j = 0; j < 8; j++) {
				double u1 = 1 - d[j];
				double u2 = d[j + 8];
				double radius = Math.sqrt(-2.0 * Math.log(u1));
				double theta = TWO_PI * u2;
				d[j] = Math.fma(radius * Math.cos(theta), std, 0.0);
				d[j + 8] = Math.fma(radius * Math.sin(theta), std, 0.0);
			}
		}

	}

}
