package io.glorot.web.histogram;

import java.math.BigInteger;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON histogram answer, for the OpenAPI description only; {@link io.glorot.histogram.HistogramJson} writes
 * it. The tensor's description comes first, with the fields of {@link io.glorot.web.serving.TensorJson} but {@code values}.
 *
 * @param shape the shape of the values counted
 * @param fullShape the full tensor's shape, when sliced
 * @param slice the region, when sliced
 * @param dtype the element type
 * @param distribution the distribution
 * @param seed the seed
 * @param name the name, when given
 * @param layout the layout
 * @param mode the fan mode
 * @param fanIn fan-in
 * @param fanOut fan-out
 * @param gain gain
 * @param std standard deviation of the distribution
 * @param bound uniform bound or truncation point
 * @param generator generator and version
 * @param histogram the bins
 * @param statistics the statistics of the values
 */
@Schema(name = "HistogramJson", description = "A tensor's description, the histogram of its values and their statistics")
record HistogramJsonSchema(@Schema(example = "[3, 4]") List<Long> shape,
		@Schema(description = "Only when sliced") List<Long> fullShape,
		@Schema(description = "Only when sliced", example = "0:3,0:4") String slice,
		@Schema(example = "float32") String dtype, @Schema(example = "uniform") String distribution,
		@Schema(type = "integer", example = "42") BigInteger seed,
		@Schema(description = "Only when given") String name, @Schema(example = "torch") String layout,
		@Schema(example = "fan_avg") String mode, @Schema(example = "4") long fanIn,
		@Schema(example = "3") long fanOut, @Schema(example = "1.0") double gain,
		@Schema(example = "0.5345224838248488") double std,
		@Schema(description = "Uniform: the bound; truncated_normal: the truncation point; absent for normal",
				example = "0.9258200997725514") Double bound,
		@Schema(example = "philox4x32-10/v1") String generator, Bins histogram, Statistics statistics) {

	/**
	 * The bins.
	 *
	 * @param bins the number of bins
	 * @param low the lower edge of the first bin
	 * @param high the upper edge of the last bin
	 * @param binWidth {@code (high - low) / bins}
	 * @param counts the values in each bin; a value equal to high is in the last bin
	 * @param underflow values below low
	 * @param overflow values above high
	 * @param expected the count each bin should hold: count times the distribution's probability of the bin
	 */
	@Schema(name = "HistogramBins")
	record Bins(@Schema(example = "50") int bins, @Schema(example = "-0.9258200997725514") double low,
			@Schema(example = "0.9258200997725514") double high,
			@Schema(example = "0.037032803990902055") double binWidth, List<Long> counts,
			@Schema(example = "0") long underflow, @Schema(example = "0") long overflow,
			@Schema(description = "count \u00d7 probability of the bin under the theoretical distribution") List<Double> expected) {

	}

	/**
	 * Statistics of the values counted.
	 *
	 * @param count how many
	 * @param mean their mean
	 * @param std their population standard deviation (divisor n)
	 * @param min the smallest
	 * @param max the largest
	 */
	@Schema(name = "HistogramStatistics")
	record Statistics(@Schema(example = "12") long count, double mean,
			@Schema(description = "Population standard deviation (divisor n, as numpy.std)") double std, double min,
			double max) {

	}

}
