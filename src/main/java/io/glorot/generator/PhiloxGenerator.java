package io.glorot.generator;

import io.glorot.init.Distribution;
import io.glorot.random.Philox4x32;
import io.glorot.random.PhiloxKey;
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

		PhiloxValues(PhiloxKey key, long stream, Distribution distribution, double std, double bound) {
			this.key = key;
			this.stream = stream;
			this.distribution = distribution;
			this.std = std;
			this.bound = bound;
		}

		@Override
		public void fill(long from, float[] dst, int offset, int length) {
			int[] words = new int[4];
			long block = -1;
			for (int j = 0; j < length; j++) {
				long i = from + j;
				if ((i >>> 2) != block) {
					block = i >>> 2;
					Philox4x32.block(this.key, this.stream, block, words, 0);
				}
				dst[offset + j] = (float) value(words, (int) i & 3);
			}
		}

		@Override
		public void fill(long from, double[] dst, int offset, int length) {
			int[] words = new int[4];
			long block = -1;
			for (int j = 0; j < length; j++) {
				long i = from + j;
				if ((i >>> 2) != block) {
					block = i >>> 2;
					Philox4x32.block(this.key, this.stream, block, words, 0);
				}
				dst[offset + j] = value(words, (int) i & 3);
			}
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
