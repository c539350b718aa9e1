package io.glorot.generator.numpy;

/**
 * NumPy's {@code random_standard_normal} for float64 (Marsaglia and Tsang's ziggurat, 256 layers, NumPy's variant;
 * numpy.md §3.1). Integer steps and IEEE operations are exact; {@code exp} only decides rare wedge rejections and
 * {@code log1p} makes the rare tail values (about 2.7e-4 of samples); both use {@link StrictMath}, which matched
 * NumPy on every sample measured (numpy.md §6; docs/compat.md).
 */
final class Ziggurat {

	private static final double[] WI = doubles(ZigguratTables.WI_DOUBLE_BITS);

	private static final double[] FI = doubles(ZigguratTables.FI_DOUBLE_BITS);

	private static final long[] KI = ZigguratTables.KI_DOUBLE;

	private static final double R = Double.longBitsToDouble(ZigguratTables.NOR_R_BITS);

	private static final double INV_R = Double.longBitsToDouble(ZigguratTables.NOR_INV_R_BITS);

	private Ziggurat() {
	}

	/**
	 * Draws one standard normal.
	 * @param pcg the bit generator
	 * @return the value
	 */
	static double standardNormal(Pcg64 pcg) {
		while (true) {
			long r = pcg.next64();
			int idx = (int) (r & 0xFF);
			r >>>= 8;
			boolean negative = (r & 1) != 0;
			long rabs = (r >>> 1) & 0x000FFFFFFFFFFFFFL;
			double x = rabs * WI[idx];
			if (negative) {
				x = -x;
			}
			if (rabs < KI[idx]) {
				return x;
			}
			if (idx == 0) {
				while (true) {
					double xx = -INV_R * StrictMath.log1p(-pcg.nextDouble());
					double yy = -StrictMath.log1p(-pcg.nextDouble());
					if (yy + yy > xx * xx) {
						return (((rabs >>> 8) & 1) != 0) ? -(R + xx) : R + xx;
					}
				}
			}
			if ((FI[idx - 1] - FI[idx]) * pcg.nextDouble() + FI[idx] < StrictMath.exp(-0.5 * x * x)) {
				return x;
			}
		}
	}

	private static double[] doubles(long[] bits) {
		double[] values = new double[bits.length];
		for (int i = 0; i < bits.length; i++) {
			values[i] = Double.longBitsToDouble(bits[i]);
		}
		return values;
	}

}
