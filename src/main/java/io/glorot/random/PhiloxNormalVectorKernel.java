package io.glorot.random;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Box-Muller (spec §3) with the Vector API: one Philox block per 64-bit lane, then fdlibm's {@code log} and one
 * shared {@code sin}/{@code cos} argument reduction across the lanes. Every lane runs fdlibm's operations in
 * fdlibm's order (IEEE-754 add, multiply, divide and square root round the same in a vector lane as in a scalar
 * one), so the floats equal {@link ScalarNormalKernel}'s and {@link StrictMath}'s.
 * <p>
 * fdlibm's branches become blends, with two exceptions this kernel leaves to the scalar kernel: a block whose
 * {@code log} argument is within 2^-20 of a power of two (fdlibm's short series) or whose reduced angle is below
 * 2^-12 (where fdlibm may need a second reduction step) is recomputed by {@link ScalarNormalKernel}, a few in ten
 * thousand blocks. The angle lies in [0, 2π), where fdlibm's reduction gives {@code n} in 0..4, found here by
 * comparing with the exact steps of {@code (int) (t * 2/π + 0.5)} ({@link Fdlibm#reductionThreshold}).
 * <p>
 * Needs {@code --add-modules jdk.incubator.vector}; {@link VectorKernels} loads it only when the module is there.
 */
final class PhiloxNormalVectorKernel implements PhiloxNormalKernel {

	private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

	private static final int LANES = LONGS.length();

	private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, LONGS.vectorShape());

	private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class,
			VectorShape.forBitSize(LANES * 32));

	private static final long MASK = 0xFFFFFFFFL;

	private static final LongVector MULTIPLIER_0 = LongVector.broadcast(LONGS, Philox4x32.M0 & MASK);

	private static final LongVector MULTIPLIER_1 = LongVector.broadcast(LONGS, Philox4x32.M1 & MASK);

	private static final LongVector LANE_OFFSETS = LongVector.zero(LONGS).addIndex(1);

	private static final long TWO_POW_52_BITS = Double.doubleToRawLongBits(0x1.0p52);

	/** The bits of 2^52 + 2^51: adding a small signed integer to them gives that integer plus 2^52 + 2^51. */
	private static final long ONE_AND_HALF_TWO_POW_52_BITS = Double.doubleToRawLongBits(0x1.8p52);

	/** The least double whose high word exceeds pi/4's: below it, fdlibm reduces nothing. */
	private static final double ABOVE_PIO4 = Double.longBitsToDouble((long) (Fdlibm.PIO4_HW + 1) << 32);

	/** The least double whose high word is 3pi/4's: below it (and above pi/4), n = 1. */
	private static final double THREE_PIO4 = Double.longBitsToDouble((long) Fdlibm.THREE_PIO4_HW << 32);

	private static final double N2 = Fdlibm.reductionThreshold(2);

	private static final double N3 = Fdlibm.reductionThreshold(3);

	private static final double N4 = Fdlibm.reductionThreshold(4);

	/** Reduced angles below this go to the scalar kernel (fdlibm may take a second reduction step there). */
	private static final double CANCELLATION = 0x1.0p-12;

	/** 2^-27: the kernels' "tiny" bound (high word 0x3e400000). */
	private static final double TINY = Double.longBitsToDouble(0x3e40000000000000L);

	/** |x| below it: __kernel_cos's short form (high word 0x3fd33333). */
	private static final double COS_SHORT = Double.longBitsToDouble(0x3FD3333300000000L);

	/** |x| at or above it: __kernel_cos's qx is 0.28125 (high word above 0x3fe90000). */
	private static final double COS_QX_FIXED = Double.longBitsToDouble(0x3fe9000100000000L);

	@Override
	public String name() {
		return "vector-" + LONGS.vectorBitSize() + "bit";
	}

	@Override
	public void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double std, float[] dst,
			int offset) {
		long k0 = key.k0() & MASK;
		long k1 = key.k1() & MASK;
		LongVector c2Start = LongVector.broadcast(LONGS, stream & MASK);
		LongVector c3Start = LongVector.broadcast(LONGS, stream >>> 32);
		float[] lanes = new float[4 * LANES];
		int b = 0;
		for (; b + LANES <= blocks; b += LANES) {
			LongVector block = LANE_OFFSETS.add(firstBlock + b);
			LongVector c0 = block.and(MASK);
			LongVector c1 = block.lanewise(VectorOperators.LSHR, 32);
			LongVector c2 = c2Start;
			LongVector c3 = c3Start;
			long r0 = k0;
			long r1 = k1;
			for (int round = 0; round < Philox4x32.ROUNDS; round++) {
				LongVector p0 = c0.and(MASK).mul(MULTIPLIER_0);
				LongVector p1 = c2.and(MASK).mul(MULTIPLIER_1);
				LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1)
					.lanewise(VectorOperators.XOR, r0);
				LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3)
					.lanewise(VectorOperators.XOR, r1);
				c1 = p1.and(MASK);
				c3 = p0.and(MASK);
				c0 = n0;
				c2 = n2;
				r0 = (r0 + (Philox4x32.W0 & MASK)) & MASK;
				r1 = (r1 + (Philox4x32.W1 & MASK)) & MASK;
			}
			boolean rare = pair(c0, c1, std, lanes, 0, null, null) | pair(c2, c3, std, lanes, 2 * LANES, null, null);
			int at = offset + 4 * b;
			if (rare) {
				ScalarNormalKernel.INSTANCE.fillBlocks(key, stream, firstBlock + b, LANES, std, dst, at);
				continue;
			}
			for (int lane = 0; lane < LANES; lane++) {
				dst[at++] = lanes[lane];
				dst[at++] = lanes[LANES + lane];
				dst[at++] = lanes[2 * LANES + lane];
				dst[at++] = lanes[3 * LANES + lane];
			}
		}
		if (b < blocks) {
			ScalarNormalKernel.INSTANCE.fillBlocks(key, stream, firstBlock + b, blocks - b, std, dst, offset + 4 * b);
		}
	}

	/**
	 * The lane count.
	 * @return words per vector
	 */
	static int lanes() {
		return LANES;
	}

	/**
	 * The bit-identity checks' view of the kernel's arithmetic: {@code r cos θ} and {@code r sin θ} as doubles for
	 * the words {@code wa[offset ..]}, {@code wb[offset ..]} (one vector of {@link #lanes()} words each, read as
	 * unsigned).
	 * @param wa the first words of the lane pairs
	 * @param wb the second words
	 * @param offset the first word
	 * @param cos where {@code r cos θ} goes, from index 0
	 * @param sin where {@code r sin θ} goes, from index 0
	 * @return whether a lane is one the kernel leaves to the scalar kernel (then the outputs are not used)
	 */
	static boolean boxMuller(int[] wa, int[] wb, int offset, double[] cos, double[] sin) {
		long[] a = new long[LANES];
		long[] b = new long[LANES];
		for (int lane = 0; lane < LANES; lane++) {
			a[lane] = wa[offset + lane] & MASK;
			b[lane] = wb[offset + lane] & MASK;
		}
		return pair(LongVector.fromArray(LONGS, a, 0), LongVector.fromArray(LONGS, b, 0), 1.0, null, 0, cos, sin);
	}

	/**
	 * One lane pair per block: writes {@code std * (r cos θ)} to {@code out[at ..]} and {@code std * (r sin θ)} to
	 * {@code out[at + LANES ..]}, or, for the checks, {@code r cos θ} and {@code r sin θ} to {@code cosOut} and
	 * {@code sinOut} when they are given.
	 * @return whether a lane needs the scalar kernel
	 */
	private static boolean pair(LongVector wa, LongVector wb, double std, float[] out, int at, double[] cosOut,
			double[] sinOut) {
		// radius: sqrt(-2 log x), x = (wa + 0.5) 2^-32, a normal double in (0, 1)
		DoubleVector x = exact(wa).add(0.5).mul(Variates.TWO_POW_M32);
		LongVector bits = x.reinterpretAsLongs();
		LongVector hx = bits.lanewise(VectorOperators.ASHR, 32);
		LongVector k = hx.lanewise(VectorOperators.ASHR, 20).sub(1023);
		LongVector hm = hx.and(0x000fffffL);
		LongVector i = hm.add(0x95f64).and(0x100000);
		DoubleVector xn = hm.or(i.lanewise(VectorOperators.XOR, 0x3ff00000L))
			.lanewise(VectorOperators.LSHL, 32)
			.or(bits.and(MASK))
			.reinterpretAsDoubles();
		k = k.add(i.lanewise(VectorOperators.ASHR, 20));
		VectorMask<Long> shortSeries = hm.add(2).and(0x000fffffL).compare(VectorOperators.LT, 3);
		DoubleVector f = xn.sub(1.0);
		DoubleVector s = f.div(f.add(2.0));
		DoubleVector dk = k.add(ONE_AND_HALF_TWO_POW_52_BITS).reinterpretAsDoubles().sub(0x1.8p52);
		DoubleVector z = s.mul(s);
		VectorMask<Double> hfsqForm = hm.sub(0x6147a)
			.or(hm.neg().add(0x6b851))
			.compare(VectorOperators.GT, 0)
			.cast(DOUBLES);
		DoubleVector w = z.mul(z);
		DoubleVector t1 = w.mul(w.mul(w.mul(Fdlibm.LG6).add(Fdlibm.LG4)).add(Fdlibm.LG2));
		DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(Fdlibm.LG7).add(Fdlibm.LG5)).add(Fdlibm.LG3)).add(Fdlibm.LG1));
		DoubleVector rr = t2.add(t1);
		DoubleVector hfsq = f.mul(0.5).mul(f);
		DoubleVector dkHi = dk.mul(Fdlibm.LN2_HI);
		DoubleVector dkLo = dk.mul(Fdlibm.LN2_LO);
		// with k = 0 these equal fdlibm's k == 0 forms: 0 - (u - f) is f - u for u != f, and +0 for u == f
		DoubleVector withHfsq = dkHi.sub(hfsq.sub(s.mul(hfsq.add(rr)).add(dkLo)).sub(f));
		DoubleVector without = dkHi.sub(s.mul(f.sub(rr)).sub(dkLo).sub(f));
		DoubleVector log = without.blend(withHfsq, hfsqForm);
		DoubleVector radius = log.mul(-2.0).lanewise(VectorOperators.SQRT);

		// angle t = 2π wb 2^-32 in [0, 2π); fdlibm's reduction y0 + y1 = t - n π/2
		DoubleVector t = exact(wb).mul(Variates.TWO_POW_M32).mul(Variates.TWO_PI);
		VectorMask<Double> reduced = t.compare(VectorOperators.GE, ABOVE_PIO4);
		VectorMask<Double> n2 = t.compare(VectorOperators.GE, N2).and(t.compare(VectorOperators.GE, THREE_PIO4));
		VectorMask<Double> n3 = t.compare(VectorOperators.GE, N3).and(n2);
		VectorMask<Double> n4 = t.compare(VectorOperators.GE, N4).and(n3);
		DoubleVector fn = DoubleVector.zero(DOUBLES)
			.add(1.0, reduced)
			.add(1.0, n2)
			.add(1.0, n3)
			.add(1.0, n4);
		DoubleVector r = t.sub(fn.mul(Fdlibm.PIO2_1));
		DoubleVector wr = fn.mul(Fdlibm.PIO2_1T);
		DoubleVector y0 = r.sub(wr);
		DoubleVector y1 = r.sub(y0).sub(wr);
		DoubleVector ax = y0.lanewise(VectorOperators.ABS);
		VectorMask<Double> rare = shortSeries.cast(DOUBLES).or(reduced.and(ax.compare(VectorOperators.LT, CANCELLATION)));
		VectorMask<Double> tiny = ax.compare(VectorOperators.LT, TINY);

		// __kernel_sin(y0, y1, iy): iy = 0 where nothing was reduced
		DoubleVector zz = y0.mul(y0);
		DoubleVector v = zz.mul(y0);
		DoubleVector sr = zz.mul(zz.mul(zz.mul(zz.mul(Fdlibm.S6).add(Fdlibm.S5)).add(Fdlibm.S4)).add(Fdlibm.S3))
			.add(Fdlibm.S2);
		DoubleVector sinReduced = y0.sub(zz.mul(y1.mul(0.5).sub(v.mul(sr))).sub(y1).sub(v.mul(Fdlibm.S1)));
		DoubleVector sinPlain = y0.add(v.mul(zz.mul(sr).add(Fdlibm.S1)));
		DoubleVector ks = sinPlain.blend(sinReduced, reduced).blend(y0, tiny);

		// __kernel_cos(y0, y1)
		DoubleVector cr = zz.mul(zz.mul(zz.mul(zz.mul(zz.mul(zz.mul(Fdlibm.C6).add(Fdlibm.C5)).add(Fdlibm.C4))
			.add(Fdlibm.C3)).add(Fdlibm.C2)).add(Fdlibm.C1));
		DoubleVector zrxy = zz.mul(cr).sub(y0.mul(y1));
		DoubleVector cosShort = DoubleVector.broadcast(DOUBLES, 1.0).sub(zz.mul(0.5).sub(zrxy));
		DoubleVector qx = ax.reinterpretAsLongs()
			.and(0xFFFFFFFF00000000L)
			.sub(0x0020000000000000L)
			.reinterpretAsDoubles()
			.blend(0.28125, ax.compare(VectorOperators.GE, COS_QX_FIXED));
		DoubleVector hz = zz.mul(0.5).sub(qx);
		DoubleVector a = DoubleVector.broadcast(DOUBLES, 1.0).sub(qx);
		DoubleVector cosLong = a.sub(hz.sub(zrxy));
		DoubleVector kc = cosLong.blend(cosShort, ax.compare(VectorOperators.LT, COS_SHORT)).blend(1.0, tiny);

		// quadrant n: sin = (ks, kc, -ks, -kc)[n], cos = (kc, -ks, -kc, ks)[n]
		VectorMask<Double> odd = reduced.andNot(n2).or(n3.andNot(n4));
		VectorMask<Double> negSin = n2.andNot(n4);
		VectorMask<Double> negCos = reduced.andNot(n3);
		DoubleVector sin = ks.blend(kc, odd).lanewise(VectorOperators.NEG, negSin);
		DoubleVector cos = kc.blend(ks, odd).lanewise(VectorOperators.NEG, negCos);

		if (cosOut != null) {
			radius.mul(cos).intoArray(cosOut, 0);
			radius.mul(sin).intoArray(sinOut, 0);
			return rare.anyTrue();
		}
		((FloatVector) radius.mul(cos).mul(std).convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, at);
		((FloatVector) radius.mul(sin).mul(std).convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out,
				at + LANES);
		return rare.anyTrue();
	}

	/** A word in {@code [0, 2^32)} as an exact double, without a long-to-double conversion (AVX2 has none). */
	private static DoubleVector exact(LongVector w) {
		return w.or(TWO_POW_52_BITS).reinterpretAsDoubles().sub(0x1.0p52);
	}

}
