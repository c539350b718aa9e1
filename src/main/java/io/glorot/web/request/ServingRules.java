package io.glorot.web.request;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

import io.glorot.format.BatchFormat;
import io.glorot.format.TensorFormat;
import io.glorot.init.Distribution;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * The one set of rules that decides whether a tensor may be served, applied alike by {@code /v1/weights},
 * {@code /v1/weights/batch} and {@code /v1/weights/histogram}: the seed each generator accepts and how a missing
 * one is drawn, values representable in the dtype, the element limits, the work a sequential generator does for a
 * slice, and the dtypes each format carries. A problem raised here names the single-tensor parameter ({@code shape},
 * {@code slice}, {@code dtype}, {@code gain}); the batch endpoint qualifies it with the tensor it belongs to.
 */
@Component
public class ServingRules {

	/**
	 * How many standard deviations from the mean a normal value may lie for this service to promise it is finite:
	 * well beyond the largest the Box-Muller transforms of the generators reach (about 6.8 for philox, 8.6 for
	 * double-precision torch and numpy_legacy) and the tail of numpy's ziggurat in practice.
	 */
	static final double NORMAL_REACH = 16.0;

	private static final List<String> NPY_DTYPES = List.of("float32", "float64", "float16");

	private final LimitsProperties limits;

	public ServingRules(LimitsProperties limits) {
		this.limits = limits;
	}

	/**
	 * Draws a seed for a request that gave none: one every one of the generators accepts.
	 * @param generators the generators the seed is for (one for a single tensor, each tensor's for a batch)
	 * @return an unsigned 64-bit seed no larger than the smallest {@link TensorGenerator#maxSeed()}
	 */
	public static long drawSeed(List<TensorGenerator> generators) {
		long seed = ThreadLocalRandom.current().nextLong();
		long max = -1L;
		for (TensorGenerator generator : generators) {
			max = (Long.compareUnsigned(generator.maxSeed(), max) < 0) ? generator.maxSeed() : max;
		}
		return (max == -1L) ? seed : Long.remainderUnsigned(seed, max + 1);
	}

	/**
	 * Refuses a tensor whose values would not all be finite in its dtype: the span of a uniform or truncated normal
	 * tensor ({@code 2 * bound}) and {@value #NORMAL_REACH} standard deviations either side for a normal one must not
	 * exceed the dtype's largest finite value. The problem names the largest gain allowed.
	 * @param spec the tensor
	 * @throws ApiProblem (invalid-parameter, parameter {@code gain}) if they would not
	 */
	public static void checkRepresentable(TensorSpec spec) {
		XavierParameters parameters = spec.parameters();
		double reach = reach(spec.distribution(), parameters);
		double max = largestFinite(spec.dtype());
		if (Double.isFinite(reach) && reach <= max) {
			return;
		}
		// the reach is linear in the gain: the largest gain is the limit over the reach of a gain of 1, rounded down
		double perGain = reach(spec.distribution(), XavierParameters.of(parameters.fans(), parameters.mode(), 1.0));
		double limit = Math.min(max / perGain, Double.MAX_VALUE);
		BigDecimal largest = new BigDecimal(limit).round(new MathContext(6, RoundingMode.DOWN));
		String what = switch (spec.distribution()) {
			case UNIFORM -> "bound " + parameters.bound();
			case TRUNCATED_NORMAL -> "bound " + parameters.truncationBound();
			case NORMAL -> "std " + parameters.std();
		};
		throw new ApiProblem(ProblemType.INVALID_PARAMETER, "the gain " + parameters.gain() + " gives a " + what
				+ ", whose values are not finite in " + spec.dtype().id() + " (largest finite value " + max
				+ "); with these fans, mode, distribution and dtype the largest gain allowed is " + largest)
			.parameter("gain")
			.allowed("a gain of at most " + largest)
			.with("maxGain", largest.doubleValue());
	}

	private static double reach(Distribution distribution, XavierParameters parameters) {
		return switch (distribution) {
			case UNIFORM -> 2.0 * parameters.bound();
			case TRUNCATED_NORMAL -> 2.0 * parameters.truncationBound();
			case NORMAL -> NORMAL_REACH * parameters.std();
		};
	}

	/**
	 * The largest finite value of a dtype.
	 * @param dtype the dtype
	 * @return e.g. 65504 for float16
	 */
	static double largestFinite(DType dtype) {
		return switch (dtype) {
			case FLOAT32 -> Float.MAX_VALUE;
			case FLOAT64 -> Double.MAX_VALUE;
			case FLOAT16 -> 65504.0;
			case BFLOAT16 -> 0x1.fep127;
		};
	}

	/**
	 * The work a tensor costs the service, for admission and for the limit on sequential generators: its elements,
	 * or for a generator that runs its stream from the start, every element made or skipped to reach the slice.
	 * @param spec the tensor
	 * @return the elements made
	 */
	public static long work(TensorSpec spec) {
		return Math.max(spec.region().elementCount(), spec.generator().cost(spec));
	}

	/**
	 * Checks one tensor answer of {@code /v1/weights}: the format carries the dtype, the answer is within the limit
	 * of its format, and the generator's work within the element limit.
	 * @param spec the tensor
	 * @param format the format
	 * @throws ApiProblem if it may not be served
	 */
	public void checkAnswer(TensorSpec spec, TensorFormat format) {
		if (format == TensorFormat.NPY) {
			checkNumpyDtype(spec, "npy");
		}
		boolean json = format == TensorFormat.JSON;
		long limit = json ? this.limits.maxJsonElements() : this.limits.maxElements();
		checkElements(spec, limit, json ? "the limit for JSON is " + limit + " (binary formats allow "
				+ this.limits.maxElements() + ")" : "the limit for binary formats is " + limit);
		checkWork(spec);
	}

	/**
	 * Checks the tensor a histogram counts: within the element limit of a binary answer, and the generator's work
	 * too.
	 * @param spec the tensor
	 * @throws ApiProblem if it may not be counted
	 */
	public void checkHistogram(TensorSpec spec) {
		checkElements(spec, this.limits.maxElements(), "the limit for a histogram is " + this.limits.maxElements());
		checkWork(spec);
	}

	/**
	 * Checks one tensor of a batch on its own: the per-tensor element limit (binary formats; a JSON batch is
	 * bounded by its total, see {@link #batchLimit}), the generator's work and the dtypes the format carries.
	 * @param spec the tensor
	 * @param format the batch's format
	 * @throws ApiProblem if it may not be served; the batch endpoint places it in the batch
	 */
	public void checkBatchTensor(TensorSpec spec, BatchFormat format) {
		if (format == BatchFormat.NPZ) {
			checkNumpyDtype(spec, "npz");
		}
		if (format != BatchFormat.JSON) {
			checkElements(spec, this.limits.maxElements(), "the limit per tensor is " + this.limits.maxElements());
		}
		checkWork(spec);
	}

	/**
	 * The most elements a batch may hold in all, in a format.
	 * @param format the format
	 * @return the limit
	 */
	public long batchLimit(BatchFormat format) {
		return (format == BatchFormat.JSON) ? Math.min(this.limits.maxJsonElements(), this.limits.maxBatchElements())
				: this.limits.maxBatchElements();
	}

	private static void checkNumpyDtype(TensorSpec spec, String format) {
		if (spec.dtype().numpyDescr() == null) {
			throw new ApiProblem(ProblemType.UNSUPPORTED_DTYPE, "NumPy has no " + spec.dtype().id() + " type, so the "
					+ format + " format cannot carry it; use raw or safetensors, or dtype float32")
				.parameter("dtype")
				.allowed(NPY_DTYPES);
		}
	}

	private static void checkElements(TensorSpec spec, long limit, String limitText) {
		long elements = spec.region().elementCount();
		if (elements > limit) {
			boolean slice = spec.region().isSlice();
			String what = slice ? "'slice' " + spec.region().toSliceString() + " of 'shape' " + spec.fullShape()
					: "'shape' " + spec.fullShape();
			throw new ApiProblem(ProblemType.TOO_MANY_ELEMENTS, "the answer for " + what + " would hold " + elements
					+ " elements; " + limitText + "; ask for a slice, or split the tensor")
				.parameter(slice ? "slice" : "shape")
				.with("elements", elements)
				.with("maxElements", limit);
		}
	}

	/** The work a sequential generator does for a slice is bounded by the element limit, on every endpoint. */
	private void checkWork(TensorSpec spec) {
		long work = spec.generator().cost(spec);
		if (work > this.limits.maxElements()) {
			throw new ApiProblem(ProblemType.TOO_MANY_ELEMENTS, "generator " + spec.generator().version()
					+ " runs its stream from the start, so this answer needs " + work
					+ " elements made or skipped; the limit is " + this.limits.maxElements()
					+ "; ask for a slice nearer the start, or use generator=philox")
				.parameter("slice")
				.with("elements", work)
				.with("maxElements", this.limits.maxElements());
		}
	}

}
