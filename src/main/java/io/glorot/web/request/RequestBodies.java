package io.glorot.web.request;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Component;

import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Reads JSON request bodies into fields: within the configured size, strictly (a repeated key is an error, not a
 * silent overwrite), and only as an object. The parser is bounded besides the size: nesting depth, tokens, and
 * the length of a number, string or name ({@link #constraints}), so no body costs more than its size suggests.
 * {@code BodyLimitFilter} has already refused a body above the limit before it was read.
 */
@Component
public class RequestBodies {

	/** Deepest JSON nesting accepted; a batch body needs 4 (object, tensors, tensor, shape). */
	static final int MAX_NESTING_DEPTH = 16;

	/** Most JSON tokens in a body: a batch of 1024 tensors with every field set takes about 40 000. */
	static final long MAX_TOKENS = 200_000;

	/** Longest JSON number, in characters: a 64-bit seed has 20 digits, a double needs at most 25. */
	static final int MAX_NUMBER_LENGTH = 100;

	/** Longest JSON property name, in characters: field names are short. */
	static final int MAX_NAME_LENGTH = 256;

	private final JsonMapper mapper;

	private final LimitsProperties limits;

	RequestBodies(LimitsProperties limits) {
		this.limits = limits;
		this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints(limits)).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
	}

	/**
	 * The parser's bounds for a body of at most {@code max-body-bytes}.
	 * @param limits the limits
	 * @return the constraints
	 */
	static StreamReadConstraints constraints(LimitsProperties limits) {
		return StreamReadConstraints.builder()
			.maxDocumentLength(limits.maxBodyBytes())
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxTokenCount(MAX_TOKENS)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxStringLength(limits.maxBodyBytes())
			.maxNameLength(MAX_NAME_LENGTH)
			.build();
	}

	/**
	 * Parses a body.
	 * @param body the raw bytes
	 * @return the top-level object's fields
	 * @throws ApiProblem if the body is too large, not JSON, or not an object
	 */
	public RequestFields fields(byte[] body) {
		return new JsonFields(object(body), "");
	}

	/**
	 * Parses a body into a JSON object.
	 * @param body the raw bytes
	 * @return the object
	 * @throws ApiProblem if the body is too large, not JSON, or not an object
	 */
	public JsonNode object(byte[] body) {
		if (body.length > this.limits.maxBodyBytes()) {
			throw new ApiProblem(ProblemType.BODY_TOO_LARGE, "the request body has " + body.length
					+ " bytes; the limit is " + this.limits.maxBodyBytes())
				.with("maxBodyBytes", this.limits.maxBodyBytes());
		}
		JsonNode node;
		try {
			node = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ApiProblem(ProblemType.MALFORMED_BODY,
					"the request body is not valid JSON: " + withoutInternals(ex.getOriginalMessage()));
		}
		if (node == null || !node.isObject()) {
			throw new ApiProblem(ProblemType.MALFORMED_BODY, "the request body must be a JSON object, e.g. "
					+ "{\"shape\": [256, 512], \"seed\": 42}");
		}
		return node;
	}

	/** Drops the parser's internal names ("from `StreamReadConstraints...`") from a message for the client. */
	static String withoutInternals(String message) {
		return (message != null) ? message.replaceAll(",? from `[^`]*`", "") : "";
	}

}
