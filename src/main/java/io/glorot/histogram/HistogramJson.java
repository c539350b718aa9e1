package io.glorot.histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.glorot.format.TensorDescription;
import io.glorot.tensor.TensorSpec;

/**
 * The JSON form of a histogram, for programs: the tensor's description (the same entries as a JSON tensor answer,
 * {@link TensorDescription}), then {@code histogram} (range, bin width, counts, the values outside the range, and
 * the count each bin should hold under the theoretical distribution) and {@code statistics} of the values.
 */
public final class HistogramJson {

	private HistogramJson() {
	}

	/**
	 * Describes a histogram.
	 * @param spec the tensor the values came from
	 * @param histogram the values, counted
	 * @param density the theoretical density
	 * @return the entries, in answer order, for a JSON writer
	 */
	public static Map<String, Object> of(TensorSpec spec, Histogram histogram, WeightDensity density) {
		Map<String, Object> entries = new LinkedHashMap<>(TensorDescription.of(spec));
		Map<String, Object> bins = new LinkedHashMap<>();
		bins.put("bins", histogram.bins());
		bins.put("low", histogram.low());
		bins.put("high", histogram.high());
		bins.put("binWidth", histogram.binWidth());
		List<Long> counts = new ArrayList<>(histogram.bins());
		List<Double> expected = new ArrayList<>(histogram.bins());
		for (int b = 0; b < histogram.bins(); b++) {
			counts.add(histogram.count(b));
			expected.add(histogram.count() * density.mass(histogram.edge(b), histogram.edge(b + 1)));
		}
		bins.put("counts", counts);
		bins.put("underflow", histogram.underflow());
		bins.put("overflow", histogram.overflow());
		bins.put("expected", expected);
		entries.put("histogram", bins);
		Map<String, Object> statistics = new LinkedHashMap<>();
		statistics.put("count", histogram.count());
		statistics.put("mean", histogram.mean());
		statistics.put("std", histogram.std());
		statistics.put("min", histogram.min());
		statistics.put("max", histogram.max());
		entries.put("statistics", statistics);
		return entries;
	}

}
