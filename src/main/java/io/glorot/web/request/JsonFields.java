package io.glorot.web.request;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Fields of a JSON object. Types are checked strictly: a number where a number is due, an array of integers for a
 * list; an integer may also be given as a string of digits, so clients whose numbers are doubles (JavaScript) can
 * send any 64-bit seed exactly. A JSON {@code null} counts as absent.
 */
public final class JsonFields implements RequestFields {

	private final JsonNode object;

	private final String prefix;

	/**
	 * Reads the fields of a JSON object.
	 * @param object the object
	 * @param prefix what to put before field names in problems, e.g. {@code tensors[2].}; empty at the top
	 */
	public JsonFields(JsonNode object, String prefix) {
		this.object = object;
		this.prefix = prefix;
	}

	@Override
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		for (String name : this.object.propertyNames()) {
			if (!this.object.get(name).isNull()) {
				names.add(name);
			}
		}
		return names;
	}

	private Optional<JsonNode> node(String name) {
		JsonNode node = this.object.get(name);
		return (node == null || node.isNull()) ? Optional.empty() : Optional.of(node);
	}

	@Override
	public Optional<String> text(String name) {
		return node(name).map((node) -> {
			if (!node.isString()) {
				throw wrongType(name, node, ProblemType.INVALID_PARAMETER, "a string");
			}
			return node.stringValue();
		});
	}

	@Override
	public Optional<BigInteger> integer(String name, ProblemType problem, String allowed) {
		return node(name).map((node) -> integerOf(name, node, problem, allowed));
	}

	@Override
	public Optional<List<BigInteger>> integers(String name, ProblemType problem, String allowed) {
		return node(name).map((node) -> {
			if (!node.isArray()) {
				throw wrongType(name, node, problem, allowed + " (a JSON array)");
			}
			List<BigInteger> values = new ArrayList<>();
			for (JsonNode element : node) {
				values.add(integerOf(name, element, problem, allowed));
			}
			return values;
		});
	}

	@Override
	public Optional<Double> number(String name, String allowed) {
		return node(name).map((node) -> {
			if (!node.isNumber()) {
				throw wrongType(name, node, ProblemType.INVALID_PARAMETER, allowed);
			}
			return node.doubleValue();
		});
	}

	private BigInteger integerOf(String name, JsonNode node, ProblemType problem, String allowed) {
		if (node.isIntegralNumber()) {
			return node.bigIntegerValue();
		}
		if (node.isString() && node.stringValue().matches("[0-9]+")) {
			return new BigInteger(node.stringValue());
		}
		throw wrongType(name, node, problem, allowed);
	}

	private ApiProblem wrongType(String name, JsonNode node, ProblemType problem, String allowed) {
		String field = this.prefix + name;
		return new ApiProblem(problem,
				"'" + field + "' must be " + allowed + "; got " + ApiProblem.quote(node.toString()))
			.parameter(field)
			.allowed(allowed);
	}

}
