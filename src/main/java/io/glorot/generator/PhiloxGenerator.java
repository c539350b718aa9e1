package io.glorot.generator;

import io.glorot.init.Distribution;
import io.glorot.random.KernelChoice;
import io.glorot.random.Philox4x32;
import io.glorot.random.PhiloxKey;
import io.glorot.random.PhiloxNormalKernel;
import io.glorot.random.PhiloxUniformKernel;
import io.glorot.random.Variates;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * The canonical generator, {@code philox4x32-10/v1} (canonical-generator.md): element {@code i} of a tensor is a
 * function of {@code (seed, stream, i)} alone.
 */
public final class PhiloxGenerator implements TensorGenerator {

	/** The version every answer of this generator reports. */
	public static final String VERSION = "philox4x32-10/v1";

	@Override
	public String version() {
		return VERSION;
	}

	@Override
	public ValueSource open(TensorSpec spec) {
		return new PhiloxValues(PhiloxKey.fromSeed(spec.seed()), spec.stream(), spec.distribution(),
				spec.parameters().std(), spec.parameters().bound());
	}

	/**
	 * The values of one tensor. Each fill computes the blocks its range touches; nothing is shared between calls.
	 */
	static final class PhiloxValues implements ValueSource {

		private final PhiloxKey key;

		private final long stream;

		private final Distribution distribution;

		private final double std;

		private final double bound;

		private final PhiloxUniformKernel kernel = KernelChoice.current().uniform();

		private final PhiloxNormalKernel normalKernel = KernelChoice.current().normal();

		/** {@code bound * 2^-32}, exact unless it falls below the normal range. */
		private final double scaledBound;

		/** Whether {@link #scaledBound} is exact, so the fast uniform path rounds as spec §3 does. */
		private final boolean exactScaling;

		PhiloxValues(PhiloxKey key, long stream, Distribution distribution, double std, double bound) {
			this.scaledBound = bound * 0x1.0p-32;
			this.exactScaling = Math.abs(this.scaledBound) >= Double.MIN_NORMAL;
			this.key = key;
			this.stream = stream;
			this.distribution = distribution;
			this.std = std;
			this.bound = bound;
		}

		@Override
		public void fill(long from, float[] dst, int offset, int length) {
			int j = offset;
			int end = offset + length;
			long i = from;
			// elements before the first whole block, one at a time
			while (j < end && (i & 3) != 0) {
				dst[j++] = (float) value(i++);
			}
			if (this.distribution == Distribution.UNIFORM && this.exactScaling && end - j >= 4) {
				int blocks = (end - j) / 4;
				this.kernel.fillBlocks(this.key, this.stream, i >>> 2, blocks, this.scaledBound, dst, j);
				i += 4L * blocks;
				j += 4 * blocks;
			}
			else if (this.distribution == Distribution.NORMAL && end - j >= 4) {
				int blocks = (end - j) / 4;
				this.normalKernel.fillBlocks(this.key, this.stream, i >>> 2, blocks, this.std, dst, j);
				i += 4L * blocks;
				j += 4 * blocks;
			}
			int[] w = new int[4];
			while (end - j >= 4) {
				Philox4x32.block(this.key, this.stream, i >>> 2, w, 0);
				switch (this.distribution) {
					case UNIFORM -> {
						// only reached when bound * 2^-32 is subnormal; the kernel above takes every other case
						for (int lane = 0; lane < 4; lane++) {
							dst[j + lane] = (float) Variates.uniform(w[lane], this.bound);
						}
					}
					case NORMAL -> throw new IllegalStateException("the normal kernel takes every whole block");
					case TRUNCATED_NORMAL -> {
						for (int lane = 0; lane < 4; lane++) {
							dst[j + lane] = (float) Variates.truncatedNormal(w[lane], this.std);
						}
					}
				}
				i += 4;
				j += 4;
			}
			while (j < end) {
				dst[j++] = (float) value(i++);
			}
		}

		@Override
		public void fill(long from, double[] dst, int offset, int length) {
			int[] w = new int[4];
			long block = -1;
			for (int j = 0; j < length; j++) {
				long i = from + j;
				if ((i >>> 2) != block) {
					block = i >>> 2;
					Philox4x32.block(this.key, this.stream, block, w, 0);
				}
				dst[offset + j] = value(w, (int) i & 3);
			}
		}

		/** The value of element {@code i} on its own. */
		private double value(long i) {
			int[] w = new int[4];
			Philox4x32.block(this.key, this.stream, i >>> 2, w, 0);
			return value(w, (int) i & 3);
		}

		/** The value of the element in {@code lane} of a block (spec §3). */
		double value(int[] words, int lane) {
			return switch (this.distribution) {
				case UNIFORM -> Variates.uniform(words[lane], this.bound);
				case TRUNCATED_NORMAL -> Variates.truncatedNormal(words[lane], this.std);
				case NORMAL -> {
					int pair = lane & 2;
					yield ((lane & 1) == 0) ? Variates.normalCos(words[pair], words[pair + 1], this.std)
							: Variates.normalSin(words[pair], words[pair + 1], this.std);
				}
			};
		}

	}

}
