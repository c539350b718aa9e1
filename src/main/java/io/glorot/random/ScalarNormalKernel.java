package io.glorot.random;

/**
 * The scalar Box-Muller kernel (spec §3): Philox rounds on local variables, then {@link Fdlibm#log} and one
 * {@link Fdlibm#sinCos} per lane pair. The same bits as {@link PhiloxNormalKernel#reference()}.
 */
final class ScalarNormalKernel implements PhiloxNormalKernel {

	static final ScalarNormalKernel INSTANCE = new ScalarNormalKernel();

	private static final long MASK = 0xFFFFFFFFL;

	private ScalarNormalKernel() {
	}

	@Override
	public String name() {
		return "scalar";
	}

	@Override
	public void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double std, float[] dst,
			int offset) {
		final long m0 = Philox4x32.M0 & MASK;
		final long m1 = Philox4x32.M1 & MASK;
		int s0 = (int) stream;
		int s1 = (int) (stream >>> 32);
		double[] sc = new double[2];
		int at = offset;
		for (int b = 0; b < blocks; b++) {
			long block = firstBlock + b;
			int c0 = (int) block;
			int c1 = (int) (block >>> 32);
			int c2 = s0;
			int c3 = s1;
			int k0 = key.k0();
			int k1 = key.k1();
			for (int round = 0; round < Philox4x32.ROUNDS; round++) {
				long p0 = m0 * (c0 & MASK);
				long p1 = m1 * (c2 & MASK);
				int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
				int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
				c1 = (int) p1;
				c3 = (int) p0;
				c0 = n0;
				c2 = n2;
				k0 += Philox4x32.W0;
				k1 += Philox4x32.W1;
			}
			double r = radius(c0);
			Fdlibm.sinCos(angle(c1), sc);
			dst[at] = (float) (std * (r * sc[1]));
			dst[at + 1] = (float) (std * (r * sc[0]));
			r = radius(c2);
			Fdlibm.sinCos(angle(c3), sc);
			dst[at + 2] = (float) (std * (r * sc[1]));
			dst[at + 3] = (float) (std * (r * sc[0]));
			at += 4;
		}
	}

	private static double radius(int wa) {
		return Math.sqrt(-2.0 * Fdlibm.log(((wa & MASK) + 0.5) * Variates.TWO_POW_M32));
	}

	private static double angle(int wb) {
		return Variates.TWO_PI * ((wb & MASK) * Variates.TWO_POW_M32);
	}

}
