package io.glorot.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Component;

/**
 * Reads JSON request bodies into fields: within the configured size, strictly (a repeated key is an error, not a
 * silent overwrite), and only as an object.
 */
@Component
class RequestBodies {

	private final JsonMapper mapper = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final LimitsProperties limits;

	RequestBodies(LimitsProperties limits) {
		this.limits = limits;
	}

	/**
	 * Parses a body.
	 * @param body the raw bytes
	 * @return the top-level object's fields
	 * @throws ApiProblem if the body is too large, not JSON, or not an object
	 */
	RequestFields fields(byte[] body) {
		return new JsonFields(object(body), "");
	}

	/**
	 * Parses a body into a JSON object.
	 * @param body the raw bytes
	 * @return the object
	 * @throws ApiProblem if the body is too large, not JSON, or not an object
	 */
	JsonNode object(byte[] body) {
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
					"the request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new ApiProblem(ProblemType.MALFORMED_BODY, "the request body must be a JSON object, e.g. "
					+ "{\"shape\": [256, 512], \"seed\": 42}");
		}
		return node;
	}

}
