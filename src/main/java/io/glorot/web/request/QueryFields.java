package io.glorot.web.request;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Fields from a query string. Every value is text; numbers are parsed strictly (decimal digits, a JSON-style real
 * number), and a parameter given twice is refused rather than guessed at.
 */
public final class QueryFields implements RequestFields {

	private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

	private static final Pattern REAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

	private final Map<String, String[]> parameters;

	public QueryFields(Map<String, String[]> parameters) {
		for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
			if (entry.getValue().length > 1) {
				throw new ApiProblem(ProblemType.REPEATED_PARAMETER,
						"'" + entry.getKey() + "' is given " + entry.getValue().length + " times; give it once")
					.parameter(entry.getKey());
			}
		}
		this.parameters = parameters;
	}

	@Override
	public Set<String> names() {
		return this.parameters.keySet();
	}

	@Override
	public Optional<String> text(String name) {
		String[] values = this.parameters.get(name);
		return (values == null) ? Optional.empty() : Optional.of(values[0]);
	}

	@Override
	public Optional<BigInteger> integer(String name, ProblemType problem, String allowed) {
		return text(name).map((text) -> parseInteger(name, text, text, problem, allowed));
	}

	@Override
	public Optional<List<BigInteger>> integers(String name, ProblemType problem, String allowed) {
		return text(name).map((text) -> {
			List<BigInteger> values = new ArrayList<>();
			for (String part : text.split(",", -1)) {
				values.add(parseInteger(name, part, text, problem, allowed));
			}
			return values;
		});
	}

	@Override
	public Optional<Double> number(String name, String allowed) {
		return text(name).map((text) -> {
			if (!REAL.matcher(text).matches()) {
				throw new ApiProblem(ProblemType.INVALID_PARAMETER,
						"'" + name + "' must be " + allowed + "; got " + ApiProblem.quote(text))
					.parameter(name)
					.allowed(allowed);
			}
			return Double.parseDouble(text);
		});
	}

	private static BigInteger parseInteger(String name, String part, String whole, ProblemType problem,
			String allowed) {
		if (!INTEGER.matcher(part).matches()) {
			String what = part.isEmpty() ? "an empty value" : ApiProblem.quote(part) + ", not an integer";
			String in = part.equals(whole) ? "" : " in " + ApiProblem.quote(whole);
			throw new ApiProblem(problem, "'" + name + "' must be " + allowed + "; got " + what + in)
				.parameter(name)
				.allowed(allowed);
		}
		return new BigInteger(part);
	}

}
