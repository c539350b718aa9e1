package io.glorot.web.weights;

import java.net.URI;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.glorot.format.TensorFormat;
import io.glorot.web.WebSliceTest;

import static org.assertj.core.api.Assertions.assertThat;

@WebSliceTest(properties = { "glorot.limits.max-elements=1000000", "glorot.limits.max-json-elements=10000" })
class WeightsControllerTests {

	private static final String PROBLEM = "application/problem+json";

	@Autowired
	private MockMvcTester mvc;

	@Test
	void getWhenNoAcceptShouldAnswerJsonWithParameters() {
		assertThat(this.mvc.get().uri("/v1/weights?shape=3,4&seed=42")).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.hasHeader("Tensor-Shape", "3,4")
			.hasHeader("Tensor-Dtype", "float32")
			.hasHeader("Tensor-Seed", "42")
			.hasHeader("Tensor-Generator", "philox4x32-10/v1")
			.bodyJson()
			.isLenientlyEqualTo("""
					{"shape":[3,4],"dtype":"float32","distribution":"uniform","seed":42,"layout":"torch",
					 "mode":"fan_avg","fanIn":4,"fanOut":3,"gain":1.0,"std":0.5345224838248488,
					 "bound":0.9258200997725514,"generator":"philox4x32-10/v1",
					 "values":[[0.20916106,-0.058166467,-0.7902213,-0.29466715],
					           [0.90307945,-0.3202164,0.02574918,-0.08459107],
					           [0.60338813,0.2931434,0.19024484,0.5065804]]}""");
	}

	@ParameterizedTest
	@CsvSource({ "application/json, json", "*/*, json", "'application/*', json", "application/octet-stream, raw",
			"application/x-npy, npy", "application/x-safetensors, safetensors",
			"'text/html, application/x-npy;q=0.5, application/octet-stream;q=0.9', raw",
			"'application/json;q=0, */*', raw" })
	void getShouldNegotiateFormatFromAccept(String accept, String format) {
		TensorFormat expected = TensorFormat.valueOf(format.toUpperCase());
		assertThat(this.mvc.get().uri("/v1/weights?shape=3,4&seed=42").header("Accept", accept)).hasStatusOk()
			.hasContentType(expected.mediaType());
	}

	@Test
	void getWhenFormatGivenShouldOverrideAccept() {
		assertThat(this.mvc.get().uri("/v1/weights?shape=3,4&seed=42&format=npy").accept(MediaType.APPLICATION_JSON))
			.hasStatusOk()
			.hasContentType("application/x-npy")
			.hasHeader("Content-Length", "176")
			.hasHeader("Content-Disposition", "attachment; filename=\"weights.npy\"");
	}

	@Test
	void getWhenAcceptAdmitsNoFormatShouldAnswer406Problem() {
		assertThat(this.mvc.get().uri("/v1/weights?shape=3,4").header("Accept", "text/html")).hasStatus(HttpStatus.NOT_ACCEPTABLE)
			.hasContentType(PROBLEM)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:glorot:problem:not-acceptable");
	}

	@Test
	void getWhenSeedAbsentShouldDrawAndReportIt() {
		MvcTestResult result = this.mvc.get().uri("/v1/weights?shape=2,2&format=raw").exchange();
		String seed = result.getResponse().getHeader("Tensor-Seed");
		assertThat(seed).matches("[0-9]+");
		byte[] drawn = result.getResponse().getContentAsByteArray();
		assertThat(this.mvc.get().uri("/v1/weights?shape=2,2&format=raw&seed=" + seed)).hasStatusOk()
			.body()
			.isEqualTo(drawn);
	}

	@ParameterizedTest
	@CsvSource({ "raw, application/octet-stream", "npy, application/x-npy", "safetensors, application/x-safetensors",
			"json, application/json" })
	void postShouldAnswerSameBytesAsGet(String format, String mediaType) {
		String query = "shape=4,3,3&seed=18446744073709551615&distribution=truncated_normal&nonlinearity=leaky_relu"
				+ "&negativeSlope=0.2&mode=fan_out&layout=keras&dtype=float16&name=conv.weight&format=" + format;
		byte[] viaGet = this.mvc.get().uri("/v1/weights?" + query).exchange().getResponse().getContentAsByteArray();
		String body = """
				{"shape": [4, 3, 3], "seed": "18446744073709551615", "distribution": "truncated_normal",
				 "nonlinearity": "leaky_relu", "negativeSlope": 0.2, "mode": "fan_out", "layout": "keras",
				 "dtype": "float16", "name": "conv.weight", "format": "%s"}""".formatted(format);
		assertThat(this.mvc.post().uri("/v1/weights").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatusOk()
			.hasContentType(mediaType)
			.body()
			.isEqualTo(viaGet);
		assertThat(viaGet).isNotEmpty();
	}

	@Test
	void postWhenSeedIsJsonNumberAbove2To63ShouldBeExact() {
		byte[] viaString = this.mvc.post().uri("/v1/weights").contentType(MediaType.APPLICATION_JSON)
			.content("{\"shape\":[2,2],\"seed\":\"9223372036854775808\",\"format\":\"raw\"}").exchange().getResponse()
			.getContentAsByteArray();
		assertThat(this.mvc.post().uri("/v1/weights").contentType(MediaType.APPLICATION_JSON)
			.content("{\"shape\":[2,2],\"seed\":9223372036854775808,\"format\":\"raw\"}")).hasStatusOk()
			.hasHeader("Tensor-Seed", "9223372036854775808")
			.body()
			.isEqualTo(viaString);
	}

	@Test
	void getWhenSlicedShouldServeRegionHeaders() {
		assertThat(this.mvc.get().uri("/v1/weights?shape=8,6&seed=1&slice=2:4,:&format=raw")).hasStatusOk()
			.hasHeader("Tensor-Shape", "2,6")
			.hasHeader("Content-Length", String.valueOf(2 * 6 * 4));
	}

	static Stream<Arguments> badQueries() {
		return Stream.of(
				// shape
				Arguments.of("seed=1", "missing-parameter", "shape"),
				Arguments.of("shape=", "invalid-shape", "shape"),
				Arguments.of("shape=3,0", "invalid-shape", "shape"),
				Arguments.of("shape=3,-4", "invalid-shape", "shape"),
				Arguments.of("shape=3,x", "invalid-shape", "shape"),
				Arguments.of("shape=3,4.5", "invalid-shape", "shape"),
				Arguments.of("shape=3,,4", "invalid-shape", "shape"),
				Arguments.of("shape=1,1,1,1,1,1,1,1,2", "invalid-shape", "shape"),
				Arguments.of("shape=4294967296,4294967296", "invalid-shape", "shape"),
				Arguments.of("shape=99999999999999999999", "invalid-shape", "shape"),
				Arguments.of("shape=5", "invalid-shape", "shape"),
				Arguments.of("shape=2000,2000", "too-many-elements", "shape"),
				Arguments.of("shape=200,200&format=json", "too-many-elements", "shape"),
				// seed
				Arguments.of("shape=3,4&seed=-1", "invalid-seed", "seed"),
				Arguments.of("shape=3,4&seed=18446744073709551616", "invalid-seed", "seed"),
				Arguments.of("shape=3,4&seed=abc", "invalid-seed", "seed"),
				Arguments.of("shape=3,4&seed=1.5", "invalid-seed", "seed"),
				Arguments.of("shape=3,4&seed=", "invalid-seed", "seed"),
				// enums
				Arguments.of("shape=3,4&distribution=gaussian", "invalid-parameter", "distribution"),
				Arguments.of("shape=3,4&mode=fan_sum", "invalid-parameter", "mode"),
				Arguments.of("shape=3,4&layout=tf", "invalid-parameter", "layout"),
				Arguments.of("shape=3,4&dtype=int8", "invalid-parameter", "dtype"),
				Arguments.of("shape=3,4&format=csv", "invalid-parameter", "format"),
				Arguments.of("shape=3,4&nonlinearity=gelu", "invalid-parameter", "nonlinearity"),
				// gain
				Arguments.of("shape=3,4&gain=NaN", "invalid-parameter", "gain"),
				Arguments.of("shape=3,4&gain=Infinity", "invalid-parameter", "gain"),
				Arguments.of("shape=3,4&gain=1e400", "invalid-parameter", "gain"),
				Arguments.of("shape=3,4&gain=0", "invalid-parameter", "gain"),
				Arguments.of("shape=3,4&gain=-1", "invalid-parameter", "gain"),
				Arguments.of("shape=3,4&gain=0x1p3", "invalid-parameter", "gain"),
				Arguments.of("shape=3,4&gain=2&nonlinearity=relu", "conflicting-parameters", "gain"),
				Arguments.of("shape=3,4&negativeSlope=0.1&nonlinearity=relu", "conflicting-parameters", "negativeSlope"),
				Arguments.of("shape=3,4&negativeSlope=1e999&nonlinearity=leaky_relu", "invalid-parameter",
						"negativeSlope"),
				// fans
				Arguments.of("shape=3,4&fanIn=0", "invalid-parameter", "fanIn"),
				Arguments.of("shape=3,4&fanOut=-3", "invalid-parameter", "fanOut"),
				Arguments.of("shape=3,4&fanIn=x", "invalid-parameter", "fanIn"),
				Arguments.of("shape=3,4&fanIn=9007199254740993", "invalid-parameter", "fanIn"),
				// name
				Arguments.of("shape=3,4&name=", "invalid-parameter", "name"),
				Arguments.of("shape=3,4&name=" + "n".repeat(257), "invalid-parameter", "name"),
				Arguments.of("shape=3,4&name=a%0Db", "invalid-parameter", "name"),
				// slice
				Arguments.of("shape=3,4&slice=0:2", "invalid-slice", "slice"),
				Arguments.of("shape=3,4&slice=0:4,:", "invalid-slice", "slice"),
				Arguments.of("shape=3,4&slice=2:1,:", "invalid-slice", "slice"),
				Arguments.of("shape=3,4&slice=a:b,:", "invalid-slice", "slice"),
				// the request itself
				Arguments.of("shape=3,4&shpae=3", "unknown-parameter", "shpae"),
				Arguments.of("shape=3,4&seed=1&seed=2", "repeated-parameter", "seed"),
				Arguments.of("shape=3,4&dtype=bfloat16&format=npy", "unsupported-dtype", "dtype"));
	}

	@ParameterizedTest
	@MethodSource
	void badQueries(String query, String type, String parameter) {
		assertThat(this.mvc.get().uri(URI.create("/v1/weights?" + query))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("urn:glorot:problem:" + type);
				assertThat(json).extractingPath("$.parameter").isEqualTo(parameter);
				assertThat(json).extractingPath("$.status").isEqualTo(400);
				assertThat(json).extractingPath("$.detail").asString().contains(parameter).doesNotContain("Exception")
					.doesNotContain("java.");
			});
	}

	@Test
	void badQueryWhenLimitExceededShouldStateLimit() {
		assertThat(this.mvc.get().uri("/v1/weights?shape=2000,2000")).bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.maxElements").isEqualTo(10000);
				assertThat(json).extractingPath("$.detail").asString().contains("10000").contains("4000000");
			});
		assertThat(this.mvc.get().uri("/v1/weights?shape=2000,2000&format=raw")).bodyJson()
			.extractingPath("$.maxElements")
			.isEqualTo(1000000);
	}

	@Test
	void badQueryWhenEnumUnknownShouldListAllowedValues() {
		assertThat(this.mvc.get().uri("/v1/weights?shape=3,4&distribution=gaussian")).bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.allowed").asArray().containsExactly("uniform", "normal", "truncated_normal");
				assertThat(json).extractingPath("$.detail").asString().contains("'gaussian'");
			});
	}

	static Stream<Arguments> badBodies() {
		return Stream.of(Arguments.of("{\"shape\":[3,4],\"sead\":1}", "unknown-parameter"),
				Arguments.of("{\"shape\":\"3,4\"}", "invalid-shape"), Arguments.of("{\"shape\":[3,4.5]}", "invalid-shape"),
				Arguments.of("{\"shape\":[3,4],\"gain\":\"2\"}", "invalid-parameter"),
				Arguments.of("{\"shape\":[3,4],\"seed\":-5}", "invalid-seed"),
				Arguments.of("{\"shape\":[3,4],\"seed\":1.5}", "invalid-seed"),
				Arguments.of("{\"shape\":[3,4],\"name\":7}", "invalid-parameter"),
				Arguments.of("{\"shape\":[3,4],\"shape\":[4,4]}", "malformed-body"),
				Arguments.of("{\"shape\":[3,4]", "malformed-body"), Arguments.of("[3,4]", "malformed-body"),
				Arguments.of("", "malformed-body"), Arguments.of("{}", "missing-parameter"));
	}

	@ParameterizedTest
	@MethodSource
	void badBodies(String body, String type) {
		assertThat(this.mvc.post().uri("/v1/weights").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:glorot:problem:" + type);
	}

	@Test
	void postWhenBodyIsNotJsonShouldAnswer415Problem() {
		assertThat(this.mvc.post().uri("/v1/weights").contentType(MediaType.TEXT_PLAIN).content("shape=3,4"))
			.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(PROBLEM)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:glorot:problem:unsupported-media-type");
	}

	@Test
	void unknownPathAndMethodShouldAnswerProblems() {
		assertThat(this.mvc.get().uri("/v1/nothing")).hasStatus(HttpStatus.NOT_FOUND).hasContentType(PROBLEM);
		assertThat(this.mvc.delete().uri("/v1/weights")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(PROBLEM)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:glorot:problem:method-not-allowed");
	}

}
