package io.glorot.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a region's values in C order of the region, chunk by chunk, as numbers or as little-endian bytes of the
 * tensor's dtype (canonical-generator.md §5). Any chunk can be computed on its own; instances hold per-thread
 * scratch space and are not shared between threads.
 */
public final class RegionValues {

	private final Region region;

	private final DType dtype;

	private final ValueSource source;

	private float[] floats = new float[0];

	private double[] doubles = new double[0];

	/**
	 * Reads a tensor's region.
	 * @param spec the tensor
	 * @param source its values
	 */
	public RegionValues(TensorSpec spec, ValueSource source) {
		this.region = spec.region();
		this.dtype = spec.dtype();
		this.source = source;
	}

	/**
	 * Fills {@code dst[0 .. count)} with region elements {@code [from, from + count)} as the dtype holds them, in
	 * float32: for float16 and bfloat16 the rounded values, which float32 represents exactly.
	 * @param from first region element
	 * @param count how many
	 * @param dst where they go
	 */
	public void floats(long from, int count, float[] dst) {
		float32(from, count, dst);
		if (this.dtype == DType.FLOAT16 || this.dtype == DType.BFLOAT16) {
			for (int j = 0; j < count; j++) {
				dst[j] = this.dtype.round(dst[j]);
			}
		}
	}

	/** The float32 values before any rounding to a 16-bit type (spec §5). */
	private void float32(long from, int count, float[] dst) {
		this.region.forEachRun(from, count,
				(flat, length, offset) -> this.source.fill(flat, dst, (int) offset, (int) length));
	}

	/**
	 * Fills {@code dst[0 .. count)} with region elements {@code [from, from + count)} as float64.
	 * @param from first region element
	 * @param count how many
	 * @param dst where they go
	 */
	public void doubles(long from, int count, double[] dst) {
		this.region.forEachRun(from, count,
				(flat, length, offset) -> this.source.fill(flat, dst, (int) offset, (int) length));
	}

	/**
	 * Writes region elements {@code [from, from + count)} as little-endian bytes of the dtype into
	 * {@code dst[0 .. count * dtype.size())}.
	 * @param from first region element
	 * @param count how many
	 * @param dst where the bytes go
	 */
	public void bytes(long from, int count, byte[] dst) {
		ByteBuffer buffer = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
		switch (this.dtype) {
			case FLOAT64 -> {
				doubles(from, count, doubleScratch(count));
				buffer.asDoubleBuffer().put(this.doubles, 0, count);
			}
			case FLOAT32 -> {
				float32(from, count, floatScratch(count));
				buffer.asFloatBuffer().put(this.floats, 0, count);
			}
			case FLOAT16, BFLOAT16 -> {
				float32(from, count, floatScratch(count));
				boolean half = this.dtype == DType.FLOAT16;
				for (int j = 0; j < count; j++) {
					float value = this.floats[j];
					int bits = half ? DType.toFloat16Bits(value) : DType.toBfloat16Bits(value);
					dst[2 * j] = (byte) bits;
					dst[2 * j + 1] = (byte) (bits >>> 8);
				}
			}
		}
	}

	private float[] floatScratch(int count) {
		if (this.floats.length < count) {
			this.floats = new float[count];
		}
		return this.floats;
	}

	private double[] doubleScratch(int count) {
		if (this.doubles.length < count) {
			this.doubles = new double[count];
		}
		return this.doubles;
	}

}
