package io.glorot.random;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Philox4x32-10 blocks and the uniform conversion of spec §3 with the Vector API, several blocks at a time, one
 * block per 64-bit lane. Every step is exact integer arithmetic or one IEEE-754 rounding, so the floats are the
 * same bits as {@link PhiloxUniformKernel#scalar()}'s; the tests compare the two.
 * <p>
 * Needs {@code --add-modules jdk.incubator.vector}; {@link PhiloxUniformKernel#best()} loads this class only
 * when the module is there.
 */
final class PhiloxUniformVectorKernel implements PhiloxUniformKernel {

	private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

	private static final int LANES = LONGS.length();

	/** Floats with one lane per long lane. */
	private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(LANES * 32));

	private static final long MASK = 0xFFFFFFFFL;

	private static final LongVector MULTIPLIER_0 = LongVector.broadcast(LONGS, Philox4x32.M0 & MASK).and(MASK);

	private static final LongVector MULTIPLIER_1 = LongVector.broadcast(LONGS, Philox4x32.M1 & MASK).and(MASK);

	/** The bits of the double 2^52. */
	private static final long TWO_POW_52_BITS = Double.doubleToRawLongBits(0x1.0p52);

	/** 0, 1, 2, ...: the block offsets of the lanes. */
	private static final LongVector LANE_OFFSETS = LongVector.zero(LONGS).addIndex(1);

	@Override
	public String name() {
		return "vector-" + (LONGS.vectorBitSize()) + "bit";
	}

	@Override
	public void fillBlocks(PhiloxKey key, long stream, long firstBlock, int blocks, double scaledBound, float[] dst,
			int offset) {
		long k0 = key.k0() & MASK;
		long k1 = key.k1() & MASK;
		LongVector c2Start = LongVector.broadcast(LONGS, stream & MASK);
		LongVector c3Start = LongVector.broadcast(LONGS, stream >>> 32);
		float[] words = new float[4 * LANES];
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
				// both factors visibly 32-bit, so C2 can use one unsigned 32x32->64 multiply (vpmuludq)
				LongVector p0 = c0.and(MASK).mul(MULTIPLIER_0);
				LongVector p1 = c2.and(MASK).mul(MULTIPLIER_1);
				LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(VectorOperators.XOR, r0);
				LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(VectorOperators.XOR, r1);
				c1 = p1.and(MASK);
				c3 = p0.and(MASK);
				c0 = n0;
				c2 = n2;
				r0 = (r0 + (Philox4x32.W0 & MASK)) & MASK;
				r1 = (r1 + (Philox4x32.W1 & MASK)) & MASK;
			}
			// word k of each lane's block, as float32 values, lane by lane
			toFloats(c0, scaledBound).intoArray(words, 0);
			toFloats(c1, scaledBound).intoArray(words, LANES);
			toFloats(c2, scaledBound).intoArray(words, 2 * LANES);
			toFloats(c3, scaledBound).intoArray(words, 3 * LANES);
			int at = offset + 4 * b;
			for (int lane = 0; lane < LANES; lane++) {
				dst[at++] = words[lane];
				dst[at++] = words[LANES + lane];
				dst[at++] = words[2 * LANES + lane];
				dst[at++] = words[3 * LANES + lane];
			}
		}
		if (b < blocks) {
			PhiloxUniformKernel.scalar().fillBlocks(key, stream, firstBlock + b, blocks - b, scaledBound, dst,
					offset + 4 * b);
		}
	}

	/**
	 * {@code (float) ((2w + 1 - 2^32) * scaledBound)} per lane. The word becomes an exact double without a
	 * long-to-double conversion (which AVX2 lacks): the bits {@code 0x43300000_00000000 | w} are the double
	 * {@code 2^52 + w}, and subtracting {@code 2^52} leaves {@code w}. The numerator is then exact, and the product
	 * and the narrowing to float round once each, as in the scalar kernel.
	 */
	private static FloatVector toFloats(LongVector w, double scaledBound) {
		DoubleVector word = w.or(TWO_POW_52_BITS).reinterpretAsDoubles().sub(0x1.0p52);
		DoubleVector numerator = word.add(word).sub(0x1.0p32 - 1);
		return (FloatVector) numerator.mul(scaledBound).convertShape(VectorOperators.D2F, FLOATS, 0);
	}

}
