package io.glorot.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression tests for the defects of issue 11 that the serving rules and the request contract fixed, through all
 * three endpoints where they apply: large slopes (1), values that overflow the dtype (2), conditional requests (4),
 * sequential generators' work in every lane (6), batch seeds drawn for the generator (7) and full-range slices (8).
 */
@WebSliceTest(properties = "glorot.limits.max-elements=100000")
class ServingRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	// defect 1

	@ParameterizedTest
	@ValueSource(strings = { "1e200", "-1e200", "1e155", "-1e155" })
	void hugeNegativeSlopeShouldBeA400NamingItOnEveryEndpoint(String slope) {
		String query = "shape=3,4&seed=1&nonlinearity=leaky_relu&negativeSlope=" + slope;
		assertProblem(this.mvc.get().uri("/v1/weights?" + query), "invalid-parameter", "negativeSlope");
		assertProblem(this.mvc.get().uri("/v1/weights?" + query + "&generator=torch"), "invalid-parameter",
				"negativeSlope");
		assertProblem(this.mvc.get().uri("/v1/weights/histogram?" + query), "invalid-parameter", "negativeSlope");
		assertProblem(this.mvc.post().uri("/v1/weights").contentType(MediaType.APPLICATION_JSON)
			.content("{\"shape\": [3, 4], \"seed\": 1, \"nonlinearity\": \"leaky_relu\", \"negativeSlope\": " + slope
					+ "}"), "invalid-parameter", "negativeSlope");
		assertProblem(batch("{\"seed\": 1, \"defaults\": {\"nonlinearity\": \"leaky_relu\", \"negativeSlope\": " + slope
				+ "}, \"tensors\": [{\"name\": \"a\", \"shape\": [3, 4]}]}"), "invalid-parameter",
				"defaults.negativeSlope");
	}

	@Test
	void largestFiniteSlopeShouldStillBeServed() {
		assertThat(this.mvc.get()
			.uri("/v1/weights?shape=3,4&seed=1&nonlinearity=leaky_relu&negativeSlope=1e154&format=raw"))
			.hasStatusOk();
	}

	// defect 2

	@ParameterizedTest
	@CsvSource({ "gain=1e40, float32", "gain=1e5, float16", "gain=1e40, bfloat16", "gain=5e75&distribution=normal, float32",
			"gain=1e40&distribution=truncated_normal, float32", "gain=1e308, float64" })
	void gainWhoseValuesOverflowTheDtypeShouldBeA400WithTheLargestGain(String parameters, String dtype) {
		String query = "shape=3,4&seed=1&dtype=" + dtype + "&" + parameters;
		MvcTestResult result = this.mvc.get().uri("/v1/weights?" + query).exchange();
		assertProblem(result, "invalid-parameter", "gain");
		double maxGain = json(result).get("maxGain").asDouble();
		assertThat(json(result).get("detail").asString()).contains("largest gain allowed");
		// the largest gain allowed is served, and every value of it is finite, in JSON too
		String allowed = query.replaceFirst("gain=[^&]+", "gain=" + maxGain);
		MvcTestResult json = this.mvc.get().uri("/v1/weights?" + allowed).exchange();
		assertThat(json).hasStatusOk();
		assertThat(json(json).get("values").toString()).doesNotContain("Infinity").doesNotContain("NaN");
		assertProblem(this.mvc.get().uri("/v1/weights/histogram?" + query), "invalid-parameter", "gain");
		StringBuilder fields = new StringBuilder();
		for (String pair : parameters.split("&")) {
			String[] nameValue = pair.split("=");
			boolean number = nameValue[0].equals("gain");
			fields.append(", \"").append(nameValue[0]).append("\": ").append(number ? nameValue[1] : "\"" + nameValue[1] + "\"");
		}
		assertProblem(batch("{\"seed\": 1, \"tensors\": [{\"name\": \"a\", \"shape\": [3, 4], \"dtype\": \"" + dtype
				+ "\"" + fields + "}]}"), "invalid-parameter", "tensors[0].gain");
		if (!dtype.equals("bfloat16")) {
			byte[] raw = this.mvc.get().uri("/v1/weights?" + allowed + "&format=raw").exchange().getResponse()
				.getContentAsByteArray();
			assertAllFinite(raw, dtype);
		}
	}

	// defect 4

	@Test
	void ifNoneMatchStarOnAnExistingTensorShouldBe304WithTheValidators() {
		MvcTestResult full = this.mvc.get().uri("/v1/weights?shape=3,4&seed=42").exchange();
		String etag = full.getResponse().getHeader("ETag");
		for (String condition : List.of("*", etag, "W/" + etag, "\"other\", " + etag)) {
			assertThat(this.mvc.get().uri("/v1/weights?shape=3,4&seed=42").header("If-None-Match", condition))
				.as(condition)
				.hasStatus(304)
				.hasHeader("ETag", etag)
				.hasHeader("Cache-Control", full.getResponse().getHeader("Cache-Control"))
				.hasHeader("Vary", "Accept");
		}
		assertThat(this.mvc.get().uri("/v1/weights?shape=3,4&seed=42").header("If-None-Match", "\"other\""))
			.hasStatusOk();
		assertProblem(this.mvc.post().uri("/v1/weights").contentType(MediaType.APPLICATION_JSON)
			.header("If-None-Match", "*")
			.content("{\"shape\": [3, 4], \"seed\": 42}"), "precondition-failed", "If-None-Match");
	}

	// defect 6

	@Test
	void sequentialGeneratorWorkShouldBeBoundedAlikeOnEveryEndpoint() {
		String query = "shape=1000,1000&slice=999:1000,999:1000&generator=torch&seed=1";
		assertProblem(this.mvc.get().uri("/v1/weights?" + query), "too-many-elements", "slice");
		assertProblem(this.mvc.get().uri("/v1/weights/histogram?" + query), "too-many-elements", "slice");
		assertProblem(batch("{\"seed\": 1, \"tensors\": [{\"name\": \"a\", \"shape\": [1000, 1000], "
				+ "\"slice\": \"999:1000,999:1000\", \"generator\": \"torch\"}]}"), "too-many-elements",
				"tensors[0].slice");
	}

	// defect 7

	@Test
	void batchWithoutSeedShouldDrawOneTheGeneratorAccepts() {
		for (int i = 0; i < 5; i++) {
			MvcTestResult result = batch("{\"defaults\": {\"generator\": \"numpy_legacy\"}, "
					+ "\"tensors\": [{\"name\": \"a\", \"shape\": [3, 4]}]}").exchange();
			assertThat(result).hasStatusOk();
			assertThat(Long.parseUnsignedLong(result.getResponse().getHeader("Tensor-Seed"))).isLessThan(1L << 32);
		}
	}

	// defect 8

	@Test
	void fullRangeSliceShouldKeepItsSliceFieldsAndHaveItsOwnETag() {
		MvcTestResult whole = this.mvc.get().uri("/v1/weights?shape=3,4&seed=42").exchange();
		MvcTestResult sliced = this.mvc.get().uri("/v1/weights?shape=3,4&seed=42&slice=:,:").exchange();
		assertThat(sliced).hasStatusOk();
		JsonNode body = json(sliced);
		assertThat(body.get("fullShape").toString()).isEqualTo("[3,4]");
		assertThat(body.get("slice").asString()).isEqualTo("0:3,0:4");
		assertThat(body.get("values")).isEqualTo(json(whole).get("values"));
		assertThat(sliced.getResponse().getHeader("ETag")).isNotEqualTo(whole.getResponse().getHeader("ETag"));
		assertThat(json(whole).has("slice")).isFalse();
	}

	private MockMvcTester.MockMvcRequestBuilder batch(String body) {
		return this.mvc.post().uri("/v1/weights/batch").contentType(MediaType.APPLICATION_JSON).content(body);
	}

	private static void assertProblem(MockMvcTester.MockMvcRequestBuilder request, String type, String parameter) {
		assertProblem(request.exchange(), type, parameter);
	}

	private static void assertProblem(MvcTestResult result, String type, String parameter) {
		assertThat(result).hasContentType("application/problem+json");
		JsonNode problem = json(result);
		assertThat(problem.get("type").asString()).as(problem.toString()).isEqualTo("urn:glorot:problem:" + type);
		assertThat(problem.get("parameter").asString()).as(problem.toString()).isEqualTo(parameter);
		assertThat(result.getResponse().getStatus()).isBetween(400, 499);
	}

	private static JsonNode json(MvcTestResult result) {
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

	private static void assertAllFinite(byte[] raw, String dtype) {
		ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			double value = switch (dtype) {
				case "float64" -> buffer.getDouble();
				case "float16" -> Float.float16ToFloat(buffer.getShort());
				default -> buffer.getFloat();
			};
			assertThat(Double.isFinite(value)).as(dtype + " value " + value).isTrue();
		}
	}

}
