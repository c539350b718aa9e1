package io.glorot.histogram;

import io.glorot.tensor.DType;
import io.glorot.tensor.RegionValues;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * Counts a tensor's values into a {@link Histogram}, reading them chunk by chunk so memory stays bounded whatever
 * the tensor's size. The values counted are those an answer carries: float32, float64, or float16 and bfloat16
 * after their rounding (canonical-generator.md §5).
 */
public final class WeightHistograms {

	/** Values read at once. */
	static final int CHUNK_ELEMENTS = 1 << 14;

	private WeightHistograms() {
	}

	/**
	 * Makes the histogram of a tensor's region over the range of its distribution ({@link WeightDensity#of}).
	 * @param spec the tensor
	 * @param bins the number of bins
	 * @return the histogram, with every element of the region added
	 */
	public static Histogram of(TensorSpec spec, int bins) {
		WeightDensity density = WeightDensity.of(spec.distribution(), spec.parameters());
		Histogram histogram = new Histogram(density.low(), density.high(), bins);
		ValueSource source = spec.generator().open(spec);
		RegionValues values = new RegionValues(spec, source);
		long total = spec.region().elementCount();
		int chunk = (int) Math.min(total, CHUNK_ELEMENTS);
		DType dtype = spec.dtype();
		if (dtype.isDouble()) {
			double[] buffer = new double[chunk];
			for (long from = 0; from < total; from += CHUNK_ELEMENTS) {
				int count = (int) Math.min(CHUNK_ELEMENTS, total - from);
				values.doubles(from, count, buffer);
				histogram.add(buffer, 0, count);
			}
			return histogram;
		}
		float[] buffer = new float[chunk];
		for (long from = 0; from < total; from += CHUNK_ELEMENTS) {
			int count = (int) Math.min(CHUNK_ELEMENTS, total - from);
			values.floats(from, count, buffer);
			if (dtype != DType.FLOAT32) {
				for (int i = 0; i < count; i++) {
					buffer[i] = served(dtype, buffer[i]);
				}
			}
			histogram.add(buffer, 0, count);
		}
		return histogram;
	}

	/**
	 * Rounds a float32 to the value a half-precision answer carries.
	 * @param dtype {@code float16} or {@code bfloat16}
	 * @param value the float32
	 * @return the value the answer's bits stand for
	 */
	static float served(DType dtype, float value) {
		return switch (dtype) {
			case FLOAT16 -> Float.float16ToFloat((short) DType.toFloat16Bits(value));
			case BFLOAT16 -> Float.intBitsToFloat(DType.toBfloat16Bits(value) << 16);
			default -> value;
		};
	}

}
