package io.glorot.random;

import java.util.Optional;

/**
 * Fills whole Philox blocks with uniform float32 values (canonical-generator.md §3): element {@code 4b + k} is
 * {@code (float) ((2 w_k + 1 - 2^32) * (bound * 2^-32))} for word {@code k} of block {@code b}, which rounds as
 * {@code t * bound} does when {@code bound * 2^-32} is a normal double.
 * <p>
 * Two implementations give the same bits: a scalar one, always there, and one on the Vector API
 * ({@code jdk.incubator.vector}), available when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}. {@link KernelChoice} measures both at start-up and serves with the
 * faster (on AVX2 the vector one loses, since AVX2 has no 64-bit lane multiply; on AVX-512 it wins).
 */
public interface PhiloxUniformKernel {

	/**
	 * Returns the kernel's name for logs and {@code /actuator/info}.
	 * @return e.g. {@code scalar} or {@code vector-256bit}
	 */
	String name();

	/**
	 * Fills {@code dst[offset .. offset + 4 * blocks)} with the uniform values of blocks
	 * {@code firstBlock .. firstBlock + blocks - 1}.
	 * @param key the key
	 * @param stream the stream
	 * @param firstBlock the first block number
	 * @param blocks how many blocks
	 * @param scaledBound {@code bound * 2^-32}, a normal double
	 * @param dst where the values go
	 * @param offset where the first value goes
	 */
	void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double scaledBound, float[] dst,
			int offset);

	/**
	 * Returns the scalar kernel.
	 * @return the kernel every JVM can run
	 */
	static PhiloxUniformKernel scalar() {
		return ScalarKernel.INSTANCE;
	}

	/**
	 * Returns the kernel to use, as {@link KernelChoice#current()} chose it.
	 * @return the kernel
	 */
	static PhiloxUniformKernel best() {
		return KernelChoice.current().uniform();
	}

	/**
	 * Returns the Vector API kernel, when this JVM has {@code jdk.incubator.vector}.
	 * @return the kernel, or empty
	 */
	static Optional<PhiloxUniformKernel> vector() {
		return Optional.ofNullable(VectorKernels.UNIFORM);
	}

	/**
	 * The scalar kernel: one block at a time.
	 */
	final class ScalarKernel implements PhiloxUniformKernel {

		static final ScalarKernel INSTANCE = new ScalarKernel();

		private ScalarKernel() {
		}

		@Override
		public String name() {
			return "scalar";
		}

		@Override
		public void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double scaledBound,
				float[] dst, int offset) {
			final long mask = 0xFFFFFFFFL;
			final long m0 = Philox4x32.M0 & mask;
			final long m1 = Philox4x32.M1 & mask;
			int s0 = (int) stream;
			int s1 = (int) (stream >>> 32);
			int at = offset;
			int b = 0;
			// two blocks per iteration: their rounds are independent, so the CPU overlaps the two multiply chains
			for (; b + 1 < blocks; b += 2) {
				long block = firstBlock + b;
				long next = block + 1;
				int a0 = (int) block;
				int a1 = (int) (block >>> 32);
				int a2 = s0;
				int a3 = s1;
				int b0 = (int) next;
				int b1 = (int) (next >>> 32);
				int b2 = s0;
				int b3 = s1;
				int k0 = key.k0();
				int k1 = key.k1();
				for (int round = 0; round < Philox4x32.ROUNDS; round++) {
					long pa0 = m0 * (a0 & mask);
					long pa1 = m1 * (a2 & mask);
					long pb0 = m0 * (b0 & mask);
					long pb1 = m1 * (b2 & mask);
					int na0 = (int) (pa1 >>> 32) ^ a1 ^ k0;
					int na2 = (int) (pa0 >>> 32) ^ a3 ^ k1;
					int nb0 = (int) (pb1 >>> 32) ^ b1 ^ k0;
					int nb2 = (int) (pb0 >>> 32) ^ b3 ^ k1;
					a1 = (int) pa1;
					a3 = (int) pa0;
					a0 = na0;
					a2 = na2;
					b1 = (int) pb1;
					b3 = (int) pb0;
					b0 = nb0;
					b2 = nb2;
					k0 += Philox4x32.W0;
					k1 += Philox4x32.W1;
				}
				dst[at] = (float) ((double) (2 * (a0 & mask) - mask) * scaledBound);
				dst[at + 1] = (float) ((double) (2 * (a1 & mask) - mask) * scaledBound);
				dst[at + 2] = (float) ((double) (2 * (a2 & mask) - mask) * scaledBound);
				dst[at + 3] = (float) ((double) (2 * (a3 & mask) - mask) * scaledBound);
				dst[at + 4] = (float) ((double) (2 * (b0 & mask) - mask) * scaledBound);
				dst[at + 5] = (float) ((double) (2 * (b1 & mask) - mask) * scaledBound);
				dst[at + 6] = (float) ((double) (2 * (b2 & mask) - mask) * scaledBound);
				dst[at + 7] = (float) ((double) (2 * (b3 & mask) - mask) * scaledBound);
				at += 8;
			}
			// an odd last block
			if (b < blocks) {
				int[] w = new int[4];
				Philox4x32.block(key, stream, firstBlock + b, w, 0);
				for (int k = 0; k < 4; k++) {
					dst[at + k] = (float) ((double) (2 * (w[k] & mask) - mask) * scaledBound);
				}
			}
		}

	}

}
