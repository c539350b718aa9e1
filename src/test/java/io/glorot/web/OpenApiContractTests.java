package io.glorot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.glorot.web.request.TensorBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed contract, openapi/openapi.yaml, must be exactly what the service serves at /v3/api-docs.yaml. To
 * accept a deliberate change, regenerate the file:
 * {@code ./mvnw test -Dtest=OpenApiContractTests -Dopenapi.update=true}, and review the diff. Beyond that, the
 * contract must be complete and true to the service: every field of the one tensor model ({@link TensorBody}) is in
 * every operation that takes it, the service accepts each of them there, every error answer is documented as the
 * same Problem, and the clients' parameter surfaces name every field.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

	private static final Path CONTRACT = Path.of("openapi/openapi.yaml");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The model's fields. */
	private static final List<String> FIELDS = TensorBody.FIELDS;

	/** A valid value for each field, with what it needs besides; every one is served with shape 3,4. */
	private static final Map<String, String> VALID = valid();

	/** Fields a client need not pass: it chooses the format itself. */
	private static final List<String> CHOSEN_BY_CLIENTS = List.of("format");

	@LocalServerPort
	private int port;

	@Test
	void servedDocumentShouldEqualCommittedContract() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v3/api-docs.yaml")).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		String served = response.body().replace("\r\n", "\n");
		if (Boolean.getBoolean("openapi.update")) {
			Files.createDirectories(CONTRACT.getParent());
			Files.writeString(CONTRACT, served, StandardCharsets.UTF_8);
		}
		assertThat(CONTRACT).as("the committed contract; regenerate with -Dopenapi.update=true").exists();
		assertThat(served).as("what the service serves differs from openapi/openapi.yaml; if the change is meant, "
				+ "regenerate it with ./mvnw test -Dtest=OpenApiContractTests -Dopenapi.update=true")
			.isEqualTo(Files.readString(CONTRACT, StandardCharsets.UTF_8));
	}

	@Test
	void everyOperationShouldDocumentEveryFieldOfTheModel() throws Exception {
		JsonNode api = JSON.readTree(fetch("/v3/api-docs"));
		assertThat(queryParameters(api, "/v1/weights")).containsAll(FIELDS);
		assertThat(queryParameters(api, "/v1/weights/histogram")).containsAll(FIELDS).contains("bins");
		JsonNode schemas = api.at("/components/schemas");
		assertThat(api.at("/paths/~1v1~1weights/post/requestBody/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/TensorRequest");
		assertThat(properties(schemas.get("TensorRequest"))).containsExactlyInAnyOrderElementsOf(FIELDS);
		assertThat(properties(schemas.get("BatchDefaults")))
			.containsExactlyInAnyOrderElementsOf(without(FIELDS, "shape", "name", "seed", "format"));
		assertThat(properties(schemas.get("BatchTensor")))
			.containsExactlyInAnyOrderElementsOf(without(FIELDS, "seed", "format"));
		assertThat(properties(schemas.get("BatchRequest"))).contains("seed", "format", "defaults", "tensors");
	}

	@Test
	void everyErrorAnswerShouldBeDocumentedAsTheSameProblem() throws Exception {
		JsonNode paths = JSON.readTree(fetch("/v3/api-docs")).get("paths");
		List<String> errors = new ArrayList<>();
		paths.properties().forEach((path) -> path.getValue().properties().forEach((operation) -> operation.getValue()
			.path("responses")
			.properties()
			.forEach((response) -> {
				if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
					errors.add(path.getKey() + " " + operation.getKey() + " " + response.getKey() + " "
							+ response.getValue().at("/content/application~1problem+json/schema/$ref").asString());
				}
			})));
		assertThat(errors).isNotEmpty().allSatisfy((error) -> assertThat(error).endsWith(" #/components/schemas/Problem"));
	}

	@Test
	void theServiceShouldAcceptEveryFieldWhereTheContractDocumentsIt() throws Exception {
		assertThat(VALID.keySet()).containsExactlyInAnyOrderElementsOf(FIELDS);
		for (Map.Entry<String, String> field : VALID.entrySet()) {
			String name = field.getKey();
			String query = "shape=3,4&seed=7&" + field.getValue();
			if (name.equals("shape") || name.equals("seed")) {
				query = field.getValue() + (name.equals("shape") ? "&seed=7" : "&shape=3,4");
			}
			assertThat(status("/v1/weights?" + query)).as("GET /v1/weights with " + name).isEqualTo(200);
			if (!name.equals("format")) {
				assertThat(status("/v1/weights/histogram?" + query)).as("histogram with " + name).isEqualTo(200);
			}
			String fields = jsonFields(query);
			assertThat(post("/v1/weights", "{" + fields + "}")).as("POST /v1/weights with " + name).isEqualTo(200);
			if (!name.equals("format") && !name.equals("seed")) {
				String tensorFields = jsonFields(query.replaceAll("(^|&)seed=7", ""));
				String tensorName = name.equals("name") ? "" : "\"name\": \"t\", ";
				assertThat(post("/v1/weights/batch", "{\"seed\": 7, \"tensors\": [{" + tensorName + tensorFields + "}]}"))
					.as("batch tensor with " + name)
					.isEqualTo(200);
			}
		}
	}

	@Test
	void typeScriptTypesShouldNameEveryField() throws Exception {
		String types = Files.readString(Path.of("clients/js/index.d.ts"));
		for (String field : without(FIELDS, CHOSEN_BY_CLIENTS.toArray(String[]::new))) {
			assertThat(Pattern.compile("\\b" + field + "\\??:").matcher(types).find())
				.as("clients/js/index.d.ts declares " + field).isTrue();
		}
	}

	@Test
	void pythonClientShouldNameEveryField() throws Exception {
		assertClientNamesEveryField(Path.of("clients/python"), ".py", ".md");
	}

	@Test
	void javaClientShouldNameEveryField() throws Exception {
		assertClientNamesEveryField(Path.of("clients/java/src/main"), ".java");
		assertClientNamesEveryField(Path.of("clients/java"), ".java", ".md");
	}

	/** The client's sources and documentation name each field, whatever their layout (Python names are camelCase). */
	private static void assertClientNamesEveryField(Path root, String... suffixes) throws Exception {
		StringBuilder text = new StringBuilder();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter((f) -> Stream.of(suffixes).anyMatch((suffix) -> f.toString().endsWith(suffix)))
				.filter((f) -> !f.toString().contains("/test")).toList()) {
				text.append(Files.readString(file)).append('\n');
			}
		}
		for (String field : without(FIELDS, CHOSEN_BY_CLIENTS.toArray(String[]::new))) {
			assertThat(Pattern.compile("\\b" + field + "\\b").matcher(text).find()).as(root + " names " + field).isTrue();
		}
	}

	private static Map<String, String> valid() {
		Map<String, String> valid = new LinkedHashMap<>();
		valid.put("shape", "shape=3,4");
		valid.put("seed", "seed=7");
		valid.put("distribution", "distribution=normal");
		valid.put("gain", "gain=2");
		valid.put("nonlinearity", "nonlinearity=relu");
		valid.put("negativeSlope", "nonlinearity=leaky_relu&negativeSlope=0.2");
		valid.put("mode", "mode=fan_in");
		valid.put("layout", "layout=keras");
		valid.put("fanIn", "fanIn=10");
		valid.put("fanOut", "fanOut=20");
		valid.put("dtype", "dtype=float64");
		valid.put("name", "name=fc.weight");
		valid.put("slice", "slice=0:2,:");
		valid.put("format", "format=raw");
		valid.put("generator", "generator=numpy");
		valid.put("torchCpu", "generator=torch&torchCpu=default");
		return valid;
	}

	/** A query string as JSON fields: numbers stay numbers, the shape becomes an array. */
	private static String jsonFields(String query) {
		List<String> fields = new ArrayList<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String[] nameValue = pair.split("=", 2);
			String value = nameValue[0].equals("shape") ? "[" + nameValue[1] + "]"
					: nameValue[1].matches("-?[0-9.]+") ? nameValue[1] : "\"" + nameValue[1] + "\"";
			fields.add("\"" + nameValue[0] + "\": " + value);
		}
		return String.join(", ", fields);
	}

	private static List<String> queryParameters(JsonNode api, String path) {
		List<String> names = new ArrayList<>();
		api.get("paths").get(path).get("get").get("parameters").forEach((parameter) -> {
			assertThat(parameter.get("in").asString()).isEqualTo("query");
			names.add(parameter.get("name").asString());
		});
		return names;
	}

	private static List<String> properties(JsonNode schema) {
		List<String> names = new ArrayList<>();
		schema.get("properties").properties().forEach((property) -> names.add(property.getKey()));
		return names;
	}

	private static List<String> without(List<String> fields, String... excluded) {
		return fields.stream().filter((field) -> !List.of(excluded).contains(field)).toList();
	}

	private String fetch(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
			.body();
	}

	private int status(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private int post(String path, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
