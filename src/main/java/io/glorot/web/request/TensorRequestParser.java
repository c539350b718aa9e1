package io.glorot.web.request;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.glorot.format.TensorFormat;
import io.glorot.generator.GeneratorChoice;
import io.glorot.generator.torch.TorchCpu;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.Nonlinearity;
import io.glorot.init.WireEnum;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.UnsupportedTensorException;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Turns a request's fields into a {@link TensorSpec}, checking every field and naming the one at fault, what it
 * held and what it allows. The same rules hold for query parameters and JSON bodies.
 */
@Component
public class TensorRequestParser {

	/** The fields of a single-tensor request, in documentation order: those of the model, {@link TensorBody}. */
	public static final List<String> FIELDS = TensorBody.FIELDS;

	/** Longest tensor name, in Unicode code points. */
	public static final int MAX_NAME_LENGTH = 256;

	/** Largest explicit fan: fans above 2^53 would not be exact as doubles. */
	static final long MAX_FAN = 1L << 53;

	static final BigInteger MAX_SEED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private static final String SHAPE_ALLOWED = "1 to " + Shape.MAX_RANK + " positive integers";

	/** Slopes whose square is finite, so the leaky_relu gain sqrt(2 / (1 + slope^2)) is positive, as in PyTorch. */
	static final String SLOPE_ALLOWED = "a finite number of magnitude at most " + Math.sqrt(Double.MAX_VALUE)
			+ ", so that 1 + negativeSlope^2 is finite";

	public static final String SEED_ALLOWED = "an integer from 0 to " + MAX_SEED;

	/**
	 * Parses a request.
	 * @param fields the request's fields
	 * @return the request
	 * @throws ApiProblem if any field is missing, unknown or invalid
	 */
	public TensorRequest parse(RequestFields fields) {
		TensorRequest request = parseTensor(fields, FIELDS);
		Optional<TensorFormat> format = choice(fields, "format", TensorFormat.class);
		return new TensorRequest(request.spec(), format, request.seedGiven());
	}

	/**
	 * Parses the fields that describe a tensor (all of {@link #FIELDS} but {@code format}), for an endpoint that
	 * takes them together with fields of its own and reads those itself.
	 * @param fields the request's fields
	 * @param known every field the endpoint takes, for the unknown-field check and its problem
	 * @return the request, with no format
	 * @throws ApiProblem if a field is unknown or a tensor field is missing or invalid
	 */
	public TensorRequest parseTensor(RequestFields fields, List<String> known) {
		rejectUnknown(fields.names(), known);
		Shape shape = shape(fields);
		GeneratorChoice choice = choice(fields, "generator", GeneratorChoice.class).orElse(GeneratorChoice.PHILOX);
		TensorGenerator generator = generator(fields, choice);
		Optional<BigInteger> seed = fields.integer("seed", ProblemType.INVALID_SEED, SEED_ALLOWED);
		long seedValue = seed.map(TensorRequestParser::checkSeed)
			.orElseGet(() -> ServingRules.drawSeed(List.of(generator)));
		Distribution distribution = choice(fields, "distribution", Distribution.class).orElse(Distribution.UNIFORM);
		double gain = gain(fields);
		Mode mode = choice(fields, "mode", Mode.class).orElse(Mode.FAN_AVG);
		Layout layout = choice(fields, "layout", Layout.class).orElse(Layout.TORCH);
		Fans fans = fans(fields, shape, layout);
		DType dtype = choice(fields, "dtype", DType.class).orElse(DType.FLOAT32);
		String name = name(fields).orElse(null);
		Region region = fields.text("slice").map((text) -> SliceParser.parse(text, shape)).orElseGet(() -> Region.all(shape));
		XavierParameters parameters = generator.parameters(fans, mode, gain);
		TensorSpec spec = new TensorSpec(region, dtype, distribution, layout, parameters, seedValue, name,
				generator);
		checkSupported(spec, choice);
		ServingRules.checkRepresentable(spec);
		return new TensorRequest(spec, Optional.empty(), seed.isPresent());
	}

	/**
	 * Reads the generator a request chooses ({@code generator}, {@code torchCpu}), for an endpoint that must know
	 * it before the rest of the request, as a batch does to draw a seed every tensor's generator accepts.
	 * @param fields the request's fields
	 * @return the generator
	 * @throws ApiProblem if {@code generator} or {@code torchCpu} is invalid
	 */
	public static TensorGenerator generator(RequestFields fields) {
		return generator(fields, choice(fields, "generator", GeneratorChoice.class).orElse(GeneratorChoice.PHILOX));
	}

	private static TensorGenerator generator(RequestFields fields, GeneratorChoice choice) {
		Optional<TorchCpu> cpu = choice(fields, "torchCpu", TorchCpu.class);
		if (cpu.isPresent() && !choice.takesTorchCpu()) {
			throw new ApiProblem(ProblemType.CONFLICTING_PARAMETERS,
					"'torchCpu' goes with generator=torch only; got generator=" + choice.id())
				.parameter("torchCpu")
				.with("conflictsWith", "generator");
		}
		return choice.generator(cpu.orElse(TorchCpu.AVX2));
	}

	/** Refuses what the chosen generator cannot reproduce, saying what it supports (docs/compat.md). */
	static void checkSupported(TensorSpec spec, GeneratorChoice choice) {
		try {
			spec.generator().check(spec);
		}
		catch (UnsupportedTensorException ex) {
			throw new ApiProblem(ProblemType.UNSUPPORTED_BY_GENERATOR, ex.getMessage())
				.parameter(ex.field())
				.allowed(ex.supported())
				.with("generator", choice.id());
		}
	}

	public static void rejectUnknown(Set<String> names, List<String> known) {
		for (String name : names) {
			if (!known.contains(name)) {
				throw new ApiProblem(ProblemType.UNKNOWN_PARAMETER, ApiProblem.quote(name)
						+ " is not a parameter of this endpoint; the parameters are " + String.join(", ", known))
					.parameter(name)
					.allowed(known);
			}
		}
	}

	private static Shape shape(RequestFields fields) {
		List<BigInteger> dims = fields.integers("shape", ProblemType.INVALID_SHAPE, SHAPE_ALLOWED)
			.orElseThrow(() -> new ApiProblem(ProblemType.MISSING_PARAMETER,
					"'shape' is required: " + SHAPE_ALLOWED + ", e.g. shape=256,512")
				.parameter("shape")
				.allowed(SHAPE_ALLOWED));
		if (dims.isEmpty() || dims.size() > Shape.MAX_RANK) {
			throw invalidShape("has " + dims.size() + " dimensions");
		}
		long[] sizes = new long[dims.size()];
		BigInteger count = BigInteger.ONE;
		for (int d = 0; d < sizes.length; d++) {
			BigInteger size = dims.get(d);
			if (size.signum() <= 0) {
				throw invalidShape("has dimension " + d + " = " + size);
			}
			count = count.multiply(size);
			if (count.bitLength() > 63) {
				throw invalidShape("has more than 2^63 - 1 elements").with("maxElementCount", Long.MAX_VALUE);
			}
			sizes[d] = size.longValueExact();
		}
		return Shape.of(sizes);
	}

	private static ApiProblem invalidShape(String what) {
		return new ApiProblem(ProblemType.INVALID_SHAPE, "'shape' must be " + SHAPE_ALLOWED
				+ " whose product fits in a signed 64-bit integer; the shape given " + what)
			.parameter("shape")
			.allowed(SHAPE_ALLOWED);
	}

	public static long checkSeed(BigInteger seed) {
		if (seed.signum() < 0 || seed.compareTo(MAX_SEED) > 0) {
			throw new ApiProblem(ProblemType.INVALID_SEED,
					"'seed' must be " + SEED_ALLOWED + "; got " + ApiProblem.quote(seed.toString()))
				.parameter("seed")
				.allowed(SEED_ALLOWED);
		}
		return seed.longValue();
	}

	public static <E extends Enum<E> & WireEnum> Optional<E> choice(RequestFields fields, String name, Class<E> type) {
		return fields.text(name)
			.map((text) -> WireEnum.find(type, text)
				.orElseThrow(() -> ApiProblem.notOneOf(name, text, WireEnum.ids(type))));
	}

	private static double gain(RequestFields fields) {
		Optional<Double> gain = fields.number("gain", "a finite number greater than 0");
		Optional<Nonlinearity> nonlinearity = choice(fields, "nonlinearity", Nonlinearity.class);
		Optional<Double> slope = fields.number("negativeSlope", "a finite number");
		if (gain.isPresent() && nonlinearity.isPresent()) {
			throw new ApiProblem(ProblemType.CONFLICTING_PARAMETERS,
					"give 'gain' or 'nonlinearity', not both: the nonlinearity sets the gain")
				.parameter("gain")
				.with("conflictsWith", "nonlinearity");
		}
		if (slope.isPresent() && !nonlinearity.map(Nonlinearity::takesNegativeSlope).orElse(false)) {
			throw new ApiProblem(ProblemType.CONFLICTING_PARAMETERS,
					"'negativeSlope' goes with nonlinearity=leaky_relu only")
				.parameter("negativeSlope")
				.with("conflictsWith", "nonlinearity");
		}
		if (gain.isPresent()) {
			double value = gain.get();
			if (!(value > 0) || !Double.isFinite(value)) {
				throw new ApiProblem(ProblemType.INVALID_PARAMETER,
						"'gain' must be a finite number greater than 0; got " + value)
					.parameter("gain")
					.allowed("a finite number greater than 0");
			}
			return value;
		}
		if (slope.isPresent() && !Double.isFinite(slope.get())) {
			throw new ApiProblem(ProblemType.INVALID_PARAMETER,
					"'negativeSlope' must be a finite number; got " + slope.get())
				.parameter("negativeSlope")
				.allowed("a finite number");
		}
		double derived = nonlinearity.map((n) -> n.gain(slope.orElse(Nonlinearity.DEFAULT_NEGATIVE_SLOPE))).orElse(1.0);
		if (!(derived > 0) || !Double.isFinite(derived)) {
			// sqrt(2 / (1 + slope^2)) is 0 once slope^2 overflows, where PyTorch's calculate_gain raises OverflowError
			throw new ApiProblem(ProblemType.INVALID_PARAMETER, "'negativeSlope' must be " + SLOPE_ALLOWED + "; got "
					+ slope.orElse(Nonlinearity.DEFAULT_NEGATIVE_SLOPE) + ", whose square overflows")
				.parameter("negativeSlope")
				.allowed(SLOPE_ALLOWED);
		}
		return derived;
	}

	private static Fans fans(RequestFields fields, Shape shape, Layout layout) {
		Optional<Long> fanIn = fan(fields, "fanIn");
		Optional<Long> fanOut = fan(fields, "fanOut");
		if (fanIn.isPresent() && fanOut.isPresent()) {
			return new Fans(fanIn.get(), fanOut.get());
		}
		if (shape.rank() < layout.minimumRank()) {
			throw new ApiProblem(ProblemType.INVALID_SHAPE, "the " + layout.id()
					+ " layout needs a shape of at least " + layout.minimumRank()
					+ " dimensions (out, in, *kernel) to compute fans; got " + shape.rank()
					+ ". Use layout=keras or layout=jax for a 1-D shape, or give both fanIn and fanOut")
				.parameter("shape")
				.allowed("at least " + layout.minimumRank() + " dimensions with layout=" + layout.id());
		}
		Fans computed = layout.fans(shape.dims());
		return new Fans(fanIn.orElse(computed.fanIn()), fanOut.orElse(computed.fanOut()));
	}

	private static Optional<Long> fan(RequestFields fields, String name) {
		String allowed = "an integer from 1 to 2^53";
		return fields.integer(name, ProblemType.INVALID_PARAMETER, allowed).map((value) -> {
			if (value.signum() <= 0 || value.compareTo(BigInteger.valueOf(MAX_FAN)) > 0) {
				throw new ApiProblem(ProblemType.INVALID_PARAMETER,
						"'" + name + "' must be " + allowed + "; got " + value)
					.parameter(name)
					.allowed(allowed);
			}
			return value.longValue();
		});
	}

	private static Optional<String> name(RequestFields fields) {
		String allowed = "1 to " + MAX_NAME_LENGTH + " characters, no control characters";
		return fields.text("name").map((name) -> {
			int length = name.codePointCount(0, name.length());
			if (length == 0 || length > MAX_NAME_LENGTH) {
				throw new ApiProblem(ProblemType.INVALID_PARAMETER,
						"'name' must be " + allowed + "; got " + length + " characters")
					.parameter("name")
					.allowed(allowed);
			}
			if (name.codePoints().anyMatch(Character::isISOControl) || !isWellFormed(name)) {
				throw new ApiProblem(ProblemType.INVALID_PARAMETER,
						"'name' must be " + allowed + "; got " + ApiProblem.quote(name))
					.parameter("name")
					.allowed(allowed);
			}
			return name;
		});
	}

	/** Tells whether a string has no lone surrogates, so it encodes to UTF-8 and back unchanged. */
	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
