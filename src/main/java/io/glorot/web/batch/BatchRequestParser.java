package io.glorot.web.batch;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.glorot.format.BatchFormat;
import io.glorot.format.NpzEncoder;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.batch.BatchRequest.BatchTensor;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.request.JsonFields;
import io.glorot.web.request.LayeredFields.Layer;
import io.glorot.web.request.LayeredFields;
import io.glorot.web.request.LimitsProperties;
import io.glorot.web.request.RequestBodies;
import io.glorot.web.request.ServingRules;
import io.glorot.web.request.TensorRequestParser;

/**
 * Reads the body of {@code POST /v1/weights/batch}: a batch-wide {@code seed}, {@code defaults} for every tensor and
 * the {@code tensors}, each read by {@link TensorRequestParser} from its own fields over the defaults
 * ({@link LayeredFields}), so each tensor is exactly the single-tensor request it would be with the same fields.
 * Every problem names the field at fault with its place, e.g. {@code tensors[3].shape} or {@code defaults.dtype}.
 */
@Component
class BatchRequestParser {

	/** The top-level fields of a batch body. */
	static final List<String> FIELDS = List.of("seed", "defaults", "tensors", "format");

	/** The fields a tensor of a batch may give: all single-tensor fields but the batch-wide seed and format. */
	static final List<String> TENSOR_FIELDS = TensorRequestParser.FIELDS.stream()
		.filter((field) -> !List.of("seed", "format").contains(field))
		.toList();

	/** The fields defaults may give: those of a tensor but its own shape and name. */
	static final List<String> DEFAULT_FIELDS = TENSOR_FIELDS.stream()
		.filter((field) -> !List.of("shape", "name").contains(field))
		.toList();

	/** The safetensors header key a tensor may not take. */
	static final String RESERVED_NAME = "__metadata__";

	private static final String NPZ_NAMES = "a name usable as a zip member path: no leading or trailing '/', "
			+ "no '\\', no drive letter such as 'C:', no empty, '.' or '..' segments between '/'";

	private final TensorRequestParser parser;

	private final RequestBodies bodies;

	private final LimitsProperties limits;

	private final ServingRules rules;

	BatchRequestParser(TensorRequestParser parser, RequestBodies bodies, LimitsProperties limits, ServingRules rules) {
		this.parser = parser;
		this.bodies = bodies;
		this.limits = limits;
		this.rules = rules;
	}

	/**
	 * Parses a batch body.
	 * @param body the raw bytes
	 * @return the batch
	 * @throws ApiProblem naming the field at fault
	 */
	BatchRequest parse(byte[] body) {
		JsonNode object = this.bodies.object(body);
		JsonFields top = new JsonFields(object, "");
		TensorRequestParser.rejectUnknown(top.names(), FIELDS);
		Optional<BigInteger> seed = top.integer("seed", ProblemType.INVALID_SEED, TensorRequestParser.SEED_ALLOWED);
		Optional<BatchFormat> format = TensorRequestParser.choice(top, "format", BatchFormat.class);
		Layer defaults = new Layer(new JsonFields(objectField(object, "defaults"), "defaults."), "defaults.");
		rejectInDefaults(defaults.names());
		JsonNode array = tensorArray(object);
		long seedValue = seed.map(TensorRequestParser::checkSeed)
			.orElseGet(() -> ServingRules.drawSeed(generators(array, defaults)));
		ObjectNode seedObject = JsonNodeFactory.instance.objectNode().put("seed", Long.toUnsignedString(seedValue));
		Layer batch = new Layer(new JsonFields(seedObject, ""), "");
		List<BatchTensor> tensors = new ArrayList<>();
		Map<String, Integer> names = new HashMap<>();
		for (int i = 0; i < array.size(); i++) {
			BatchTensor tensor = tensor(i, array.get(i), defaults, batch);
			Integer previous = names.putIfAbsent(tensor.spec().name(), i);
			if (previous != null) {
				throw new ApiProblem(ProblemType.INVALID_PARAMETER,
						tensor.label() + ": 'tensors[" + i + "].name' must be unique; tensors[" + previous
								+ "] has the same name")
					.parameter("tensors[" + i + "].name")
					.allowed("a name no other tensor of the batch has")
					.with("tensor", i);
			}
			tensors.add(tensor);
		}
		return new BatchRequest(List.copyOf(tensors), seedValue, seed.isPresent(), format);
	}

	/**
	 * The generators the tensors choose, so a drawn seed suits every one of them, as the single endpoint draws one
	 * its generator accepts. A tensor whose generator fields are invalid is left out here: reading it in full
	 * reports the problem, placed in the batch.
	 */
	private static List<TensorGenerator> generators(JsonNode array, Layer defaults) {
		List<TensorGenerator> generators = new ArrayList<>();
		for (int i = 0; i < array.size(); i++) {
			if (array.get(i).isObject()) {
				Layer own = new Layer(new JsonFields(array.get(i), "tensors[" + i + "]."), "tensors[" + i + "].");
				try {
					Layer none = new Layer(new JsonFields(JsonNodeFactory.instance.objectNode(), ""), "");
					generators.add(TensorRequestParser.generator(LayeredFields.of(own, defaults, none)));
				}
				catch (ApiProblem ex) {
					// reported when the tensor is read
				}
			}
		}
		return generators;
	}

	private BatchTensor tensor(int index, JsonNode node, Layer defaults, Layer batch) {
		String prefix = "tensors[" + index + "].";
		if (!node.isObject()) {
			throw new ApiProblem(ProblemType.MALFORMED_BODY, "'tensors[" + index
					+ "]' must be a JSON object such as {\"name\": \"fc.weight\", \"shape\": [64, 32]}; got "
					+ ApiProblem.quote(node.toString()))
				.parameter("tensors[" + index + "]")
				.with("tensor", index);
		}
		Layer own = new Layer(new JsonFields(node, prefix), prefix);
		for (String name : own.names()) {
			if (!TENSOR_FIELDS.contains(name)) {
				String why = List.of("seed", "format").contains(name)
						? "; '" + name + "' is batch-wide: give it at the top of the body" : "";
				throw new ApiProblem(ProblemType.UNKNOWN_PARAMETER, ApiProblem.quote(prefix + name)
						+ " is not a field of a batch tensor" + why + "; the fields are "
						+ String.join(", ", TENSOR_FIELDS))
					.parameter(prefix + name)
					.allowed(TENSOR_FIELDS)
					.with("tensor", index);
			}
		}
		if (!own.names().contains("name")) {
			throw new ApiProblem(ProblemType.MISSING_PARAMETER, "'" + prefix
					+ "name' is required: every tensor of a batch has a unique name, which selects its random stream")
				.parameter(prefix + "name")
				.allowed("1 to " + TensorRequestParser.MAX_NAME_LENGTH + " characters, no control characters")
				.with("tensor", index);
		}
		LayeredFields fields = LayeredFields.of(own, defaults, batch);
		TensorSpec spec;
		try {
			spec = this.parser.parse(fields).spec();
		}
		catch (ApiProblem problem) {
			throw locate(problem, fields, index, own.fields().text("name").orElse(""));
		}
		if (spec.name().equals(RESERVED_NAME)) {
			throw new ApiProblem(ProblemType.INVALID_PARAMETER, "'" + prefix + "name' may not be '" + RESERVED_NAME
					+ "', which safetensors reserves for metadata")
				.parameter(prefix + "name")
				.allowed("any other name")
				.with("tensor", index);
		}
		return new BatchTensor(index, spec, fields);
	}

	/** Places a single-tensor problem in the batch: the field's full name, and which tensor it was. */
	private static ApiProblem locate(ApiProblem problem, LayeredFields fields, int index, String name) {
		Map<String, Object> properties = problem.getBody().getProperties();
		Object parameter = (properties != null) ? properties.get("parameter") : null;
		if (parameter instanceof String field && !field.contains(".")) {
			String qualified = fields.qualified(field);
			problem.parameter(qualified.equals(field) ? "tensors[" + index + "]." + field : qualified);
		}
		problem.getBody()
			.setDetail("tensors[" + index + "] (" + ApiProblem.quote(name) + "): " + problem.getBody().getDetail());
		return problem.with("tensor", index);
	}

	private static void rejectInDefaults(Iterable<String> names) {
		for (String name : names) {
			if (!DEFAULT_FIELDS.contains(name)) {
				String why = switch (name) {
					case "shape", "name" -> "; each tensor gives its own " + name;
					case "seed", "format" -> "; '" + name + "' is batch-wide: give it at the top of the body";
					default -> "";
				};
				throw new ApiProblem(ProblemType.UNKNOWN_PARAMETER, "'defaults." + name
						+ "' is not a field of defaults" + why + "; the fields are " + String.join(", ", DEFAULT_FIELDS))
					.parameter("defaults." + name)
					.allowed(DEFAULT_FIELDS);
			}
		}
	}

	private static JsonNode objectField(JsonNode object, String name) {
		JsonNode node = object.get(name);
		if (node == null || node.isNull()) {
			return JsonNodeFactory.instance.objectNode();
		}
		if (!node.isObject()) {
			throw new ApiProblem(ProblemType.MALFORMED_BODY,
					"'" + name + "' must be a JSON object of tensor fields; got " + ApiProblem.quote(node.toString()))
				.parameter(name);
		}
		return node;
	}

	private JsonNode tensorArray(JsonNode object) {
		JsonNode node = object.get("tensors");
		if (node == null || node.isNull()) {
			throw new ApiProblem(ProblemType.MISSING_PARAMETER, "'tensors' is required: an array of tensors, "
					+ "e.g. [{\"name\": \"fc.weight\", \"shape\": [64, 32]}]")
				.parameter("tensors");
		}
		if (!node.isArray() || node.isEmpty()) {
			throw new ApiProblem(ProblemType.MALFORMED_BODY,
					"'tensors' must be a non-empty array of tensor objects; got "
							+ ApiProblem.quote(node.toString()))
				.parameter("tensors");
		}
		int max = this.limits.maxBatchTensors();
		if (node.size() > max) {
			throw new ApiProblem(ProblemType.TOO_MANY_TENSORS,
					"the batch has " + node.size() + " tensors; the limit is " + max + "; split it into several batches")
				.parameter("tensors")
				.with("tensors", node.size())
				.with("maxTensors", max);
		}
		return node;
	}

	/**
	 * Checks that a batch can be served in a format: each tensor by the serving rules every endpoint applies, the
	 * batch's total, and the names the format carries.
	 * @param request the batch
	 * @param format the chosen format
	 * @throws ApiProblem naming the first tensor at fault
	 */
	void checkServable(BatchRequest request, BatchFormat format) {
		long limit = this.rules.batchLimit(format);
		boolean json = format == BatchFormat.JSON;
		long total = 0;
		for (BatchTensor tensor : request.tensors()) {
			try {
				this.rules.checkBatchTensor(tensor.spec(), format);
			}
			catch (ApiProblem problem) {
				throw locate(problem, tensor.fields(), tensor.index(), tensor.spec().name());
			}
			total += tensor.spec().region().elementCount();
			if (total > limit) {
				throw new ApiProblem(ProblemType.TOO_MANY_ELEMENTS, "the batch would hold more than " + limit
						+ " elements in all" + (json ? " (the limit of a JSON answer)" : "") + " from "
						+ tensor.label() + " on; split it into several batches"
						+ (json ? ", or ask for safetensors or npz" : ""))
					.parameter(tensor.parameter("shape"))
					.with("tensor", tensor.index())
					.with("elements", total)
					.with("maxElements", limit);
			}
			if (format == BatchFormat.NPZ) {
				checkNpzName(tensor);
			}
		}
	}

	private static void checkNpzName(BatchTensor tensor) {
		TensorSpec spec = tensor.spec();
		if (!isSafeZipPath(spec.name())) {
			throw new ApiProblem(ProblemType.INVALID_PARAMETER, tensor.label() + ": the npz member "
					+ ApiProblem.quote(NpzEncoder.entryName(spec.name())) + " would not be a safe zip path; with npz, '"
					+ tensor.parameter("name") + "' must be " + NPZ_NAMES + ". safetensors and json take any name")
				.parameter(tensor.parameter("name"))
				.allowed(NPZ_NAMES)
				.with("tensor", tensor.index());
		}
	}

	/**
	 * Tells whether a tensor name makes a safe zip member path, one no extractor could place outside its target
	 * directory: relative, with '/' separators only, no drive letter and no empty, '.' or '..' segment.
	 * @param name the tensor name
	 * @return whether {@code name.npy} is safe
	 */
	static boolean isSafeZipPath(String name) {
		if (name.contains("\\") || name.matches("[A-Za-z]:.*")) {
			return false;
		}
		for (String segment : name.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				return false;
			}
		}
		return true;
	}

}
