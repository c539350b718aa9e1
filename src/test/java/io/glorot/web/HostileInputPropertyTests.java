package io.glorot.web;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.glorot.GlorotApplication;
import io.glorot.format.TensorFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and adversarial values in every field of {@code /v1/weights} (query and JSON body),
 * {@code /v1/weights/histogram} and the batch body, and garbage request lines: the answer is always a 2xx with the
 * right values or a 4xx problem, never a 5xx. A 2xx raw answer is compared with the canonical bytes computed in
 * process; every other 2xx with a second identical request. The server runs with small element limits, so that
 * any answer is cheap.
 */
class HostileInputPropertyTests {

	private static final List<String> QUERY_FIELDS = List.of("shape", "seed", "distribution", "gain", "nonlinearity",
			"negativeSlope", "mode", "layout", "fanIn", "fanOut", "dtype", "name", "slice", "format", "generator",
			"torchCpu", "bins", "unknown", "");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ConfigurableApplicationContext context;

	private static int port;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@BeforeContainer
	static void start() {
		context = new SpringApplication(GlorotApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
				"--glorot.limits.max-elements=4096", "--glorot.limits.max-json-elements=4096",
				"--glorot.limits.max-batch-elements=8192", "--glorot.limits.max-batch-tensors=8",
				"--glorot.admission.small-elements=65536", "--glorot.admission.max-small=256",
				"--spring.jmx.enabled=false", "--logging.level.root=WARN");
		port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	@AfterContainer
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Property(tries = 300)
	void anyQueryValueShouldGiveExactAnswerOrProblem(@ForAll("queryFields") String field,
			@ForAll("hostileText") String value) throws Exception {
		List<String> pairs = new ArrayList<>();
		if (!field.equals("shape")) {
			pairs.add("shape=3,4");
		}
		if (!field.equals("seed")) {
			pairs.add("seed=42");
		}
		if (!field.equals("format")) {
			pairs.add("format=raw");
		}
		pairs.add(encode(field) + "=" + encode(value));
		String query = String.join("&", pairs);
		HttpResponse<byte[]> response = get("/v1/weights?" + query);
		assertNoServerError(response, query);
		if (response.statusCode() == 200) {
			if (!field.equals("format") && !field.equals("bins")) {
				assertThat(response.body()).as(query)
					.isEqualTo(TestRequests.encode(TestRequests.spec(query.replace("&format=raw", "")), TensorFormat.RAW));
			}
			else {
				assertThat(get("/v1/weights?" + query).body()).as(query).isEqualTo(response.body());
			}
		}
		HttpResponse<byte[]> histogram = get("/v1/weights/histogram?" + query.replace("format=raw", "format=json"));
		assertNoServerError(histogram, "histogram " + query);
	}

	@Property(tries = 300)
	void anyJsonFieldValueShouldGiveAnAnswerOrProblem(@ForAll("queryFields") String field,
			@ForAll("jsonValues") String value, @ForAll boolean duplicate) throws Exception {
		StringBuilder body = new StringBuilder("{");
		if (!field.equals("shape")) {
			body.append("\"shape\": [3, 4], ");
		}
		if (!field.equals("seed")) {
			body.append("\"seed\": 42, ");
		}
		if (!field.equals("format")) {
			body.append("\"format\": \"raw\", ");
		}
		body.append(JSON.writeValueAsString(field)).append(": ").append(value);
		if (duplicate) {
			body.append(", ").append(JSON.writeValueAsString(field)).append(": ").append(value);
		}
		body.append("}");
		HttpResponse<byte[]> response = post("/v1/weights", body.toString());
		assertNoServerError(response, body);
		if (response.statusCode() == 200) {
			assertThat(duplicate).isFalse();
			assertThat(post("/v1/weights", body.toString()).body()).as(body.toString()).isEqualTo(response.body());
			Optional<String> shape = response.headers().firstValue("Tensor-Shape");
			if (response.headers().firstValue("Content-Type").orElse("").equals("application/octet-stream")) {
				long elements = 1;
				for (String dim : shape.orElseThrow().split(",")) {
					elements *= Long.parseLong(dim);
				}
				String dtype = response.headers().firstValue("Tensor-Dtype").orElseThrow();
				assertThat((long) response.body().length).as(body.toString())
					.isEqualTo(elements * (dtype.equals("float64") ? 8 : dtype.equals("float32") ? 4 : 2));
			}
		}
		else {
			assertThat(response.statusCode()).as(body.toString()).isBetween(400, 499);
		}
	}

	@Property(tries = 200)
	void anyBatchBodyShouldGiveAnAnswerOrProblem(@ForAll("batchBodies") String body) throws Exception {
		HttpResponse<byte[]> response = post("/v1/weights/batch", body);
		assertNoServerError(response, body);
		if (response.statusCode() == 200) {
			String seed = response.headers().firstValue("Tensor-Seed").orElseThrow();
			String pinned = body.contains("\"seed\"") ? body : body.replaceFirst("\\{", "{\"seed\": " + seed + ", ");
			HttpResponse<byte[]> again = post("/v1/weights/batch", pinned);
			assertThat(again.statusCode()).as(pinned).isEqualTo(200);
			assertThat(again.body()).as(pinned).isEqualTo(response.body());
		}
	}

	@Property(tries = 150)
	void anyRequestTargetShouldGiveAnAnswerOrProblem(@ForAll("requestTargets") String target) throws Exception {
		try (RawHttp raw = RawHttp.open(port)
			.send(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1))) {
			assertThat(raw.status()).as(target).isLessThan(500);
			if (raw.status() >= 400) {
				assertThat(raw.header("Content-Type")).as(target).startsWith("application/problem+json");
			}
		}
	}

	@Property(tries = 150)
	void anyBodyTextShouldGiveAProblem(@ForAll("hostileText") String text) throws Exception {
		HttpResponse<byte[]> response = post("/v1/weights", text);
		assertThat(response.statusCode()).as(text).isBetween(400, 499);
		HttpResponse<byte[]> batch = post("/v1/weights/batch", text);
		assertThat(batch.statusCode()).as(text).isBetween(400, 499);
	}

	@Provide
	Arbitrary<String> queryFields() {
		return Arbitraries.of(QUERY_FIELDS);
	}

	@Provide
	Arbitrary<String> hostileText() {
		Arbitrary<String> special = Arbitraries.of("NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "-0",
				"0", "1", "2", "-1", "0.5", "1e3", "0x10", "1_000", " 1", "1 ", "", " ", ",", "1,,2", "3,4", "3,4,", ":",
				"::", "0:2", "0:2,:", "-1:", "::-1", "1:0", "0:3:2", "18446744073709551615", "18446744073709551616",
				"99999999999999999999999999999999", "9223372036854775807,2", "4096,4096", "1,1,1,1,1,1,1,1,1",
				"uniform", "normal", "truncated_normal", "relu", "leaky_relu", "tanh", "selu", "fan_in", "fan_out",
				"keras", "jax", "torch", "numpy", "numpy_legacy", "philox", "avx2", "default", "float16", "bfloat16",
				"float64", "json", "npy", "raw", "safetensors", "svg", "npz", "\u202Egnp.exe", "a\"b", "a\r\nb",
				"\u0000", "%", "%00", "\uD83D\uDE00", "\uD800", "\u00e9", "\uFEFF1", "\u0661", "１", "..", "/", "\\",
				"__metadata__", "<script>", "${jndi:ldap://x}", "a".repeat(300), "9".repeat(5000));
		Arbitrary<String> numbers = Arbitraries.oneOf(
				Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)).map(BigInteger::toString),
				Arbitraries.doubles().map(String::valueOf), Arbitraries.integers().between(-5, 70).map(String::valueOf));
		Arbitrary<String> lists = Arbitraries.integers().between(-2, 70).list().ofMaxSize(10)
			.map((list) -> list.stream().map(String::valueOf).collect(Collectors.joining(",")));
		return Arbitraries.oneOf(special, numbers, lists, Arbitraries.strings().all().ofMaxLength(40),
				Arbitraries.strings().ascii().ofMaxLength(40));
	}

	@Provide
	Arbitrary<String> jsonValues() {
		Arbitrary<String> leaves = Arbitraries.oneOf(Arbitraries.of("null", "true", "false", "0", "-0", "1", "4",
				"1.5", "1e999", "-1e999", "1e-999", "1E2", "2.0", "18446744073709551615", "18446744073709551616",
				"-9223372036854775809", "9".repeat(90), "NaN", "Infinity", "[3, 4]", "[]", "[0]", "[3, 4, 0]",
				"[[3], [4]]", "{}", "{\"a\": 1}", "\"3,4\"", "[\"3\", \"4\"]", "[3.0, 4.0]", "[1e2, 4]"),
				hostileText().map(HostileInputPropertyTests::jsonString),
				Arbitraries.integers().between(-3, 70).list().ofMaxSize(9).map(List::toString));
		return Arbitraries.recursive(() -> leaves, (inner) -> Arbitraries.oneOf(
				inner.list().ofMaxSize(3).map((list) -> "[" + String.join(", ", list) + "]"),
				Combinators.combine(Arbitraries.of(QUERY_FIELDS), inner)
					.as((key, value) -> "{" + jsonString(key) + ": " + value + "}")), 0, 3);
	}

	@Provide
	Arbitrary<String> batchBodies() {
		Arbitrary<String> fieldPair = Combinators.combine(Arbitraries.of(QUERY_FIELDS), jsonValues())
			.as((key, value) -> jsonString(key) + ": " + value);
		Arbitrary<String> tensor = Combinators
			.combine(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12).map(HostileInputPropertyTests::jsonString)
				.injectDuplicates(0.2), Arbitraries.of("[3, 4]", "[2, 2]", "[8]", "[0, 1]", "[64, 64]", "[3, 4, 5]"),
					fieldPair.list().ofMaxSize(2))
			.as((name, shape, extra) -> "{\"name\": " + name + ", \"shape\": " + shape
					+ extra.stream().map((pair) -> ", " + pair).collect(Collectors.joining()) + "}");
		Arbitrary<String> defaults = fieldPair.list().ofMaxSize(2).map((pairs) -> "{" + String.join(", ", pairs) + "}");
		return Combinators
			.combine(tensor.list().ofMaxSize(4), defaults, Arbitraries.of("", "\"seed\": 7, ", "\"seed\": \"x\", ",
					"\"seed\": -1, ", "\"format\": \"npz\", ", "\"format\": \"safetensors\", ", "\"format\": \"json\", ",
					"\"format\": \"raw\", ", "\"extra\": 1, "), Arbitraries.of(true, false))
			.as((tensors, defaultFields, top, withDefaults) -> "{" + top + (withDefaults ? "\"defaults\": " + defaultFields + ", " : "")
					+ "\"tensors\": [" + String.join(", ", tensors) + "]}");
	}

	@Provide
	Arbitrary<String> requestTargets() {
		Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().range('!', '~'),
				Arbitraries.chars().range((char) 0x80, (char) 0xff), Arbitraries.of('%', '&', '=', ',', '\t'));
		return Combinators.combine(Arbitraries.of("/v1/weights?", "/v1/weights/histogram?", "/v1/weights/batch?", "/",
				"/v1/", "/actuator/", "//", "/v1/weights/../", "/%2e%2e/"), chars.list().ofMaxSize(60))
			.as((path, list) -> path + list.stream().map(String::valueOf).collect(Collectors.joining()));
	}

	private static String jsonString(String text) {
		return JSON.writeValueAsString(text);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static void assertNoServerError(HttpResponse<byte[]> response, Object request) {
		assertThat(response.statusCode()).as(String.valueOf(request)).isLessThan(500);
		if (response.statusCode() >= 400) {
			assertThat(response.headers().firstValue("Content-Type")).as(String.valueOf(request))
				.hasValue("application/problem+json");
		}
	}

	private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static HttpResponse<byte[]> post(String path, String body) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
