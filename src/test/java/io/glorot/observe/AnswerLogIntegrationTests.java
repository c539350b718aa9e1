package io.glorot.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON answer lines over real HTTP: with {@code logging.structured.format.console=ecs} and
 * {@code glorot.logging.answers=true} every line the service writes is one ECS JSON object, and each API answer
 * (made at once, streamed, refused) gets one line with its request, outcome and tensor, and never its values.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.structured.format.console=ecs", "glorot.logging.answers=true",
				"spring.main.banner-mode=off", "logging.level.root=WARN", "logging.level.io.glorot.answers=INFO" })
@ExtendWith(OutputCaptureExtension.class)
class AnswerLogIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private ApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void answersWhenEcsIsOnShouldEachLogOneJsonLineWithRequestOutcomeAndTensor(CapturedOutput output) throws Exception {
		HttpResponse<byte[]> small = get("/v1/weights?shape=32,32&seed=42&format=npy&dtype=float32");
		assertThat(small.statusCode()).isEqualTo(200);
		// 512 x 1024 float32 = 2 MiB: streamed from another thread, logged when the stream ends
		HttpResponse<byte[]> streamed = get("/v1/weights?shape=512,1024&seed=7&format=raw&generator=philox");
		assertThat(streamed.statusCode()).isEqualTo(200);
		HttpResponse<byte[]> bad = get("/v1/weights?shape=0,abc&seed=1");
		assertThat(bad.statusCode()).isEqualTo(400);
		get("/actuator/health");

		List<JsonNode> lines = await().atMost(Duration.ofSeconds(10))
			.until(() -> answerLines(output), (found) -> found.size() >= 3);
		assertThat(lines).hasSize(3);

		JsonNode first = lines.get(0);
		assertThat(first.path("log").path("level").asString()).isEqualTo("INFO");
		assertThat(first.path("message").asString())
			.startsWith("GET /v1/weights 200 in ")
			.endsWith(small.body().length + " bytes: seed=42 shape=32,32 dtype=float32 format=npy "
					+ "generator=philox4x32-10/v1 lane=small");
		assertThat(field(first, "http.request.method")).isEqualTo("GET");
		assertThat(field(first, "url.path")).isEqualTo("/v1/weights");
		assertThat(field(first, "http.response.status_code")).isEqualTo("200");
		assertThat(Long.parseLong(field(first, "duration_ms"))).isNotNegative();
		assertThat(field(first, "http.response.body.size")).isEqualTo(Integer.toString(small.body().length));
		assertThat(field(first, "tensor.seed")).isEqualTo("42");
		assertThat(field(first, "tensor.shape")).isEqualTo("32,32");
		assertThat(field(first, "tensor.dtype")).isEqualTo("float32");
		assertThat(field(first, "tensor.format")).isEqualTo("npy");
		assertThat(field(first, "tensor.generator")).isEqualTo("philox4x32-10/v1");
		// answered by the small-answer lane, which opens no scope: the line puts the request's span in scope itself
		assertThat(first.path("traceId").asString()).hasSize(32);
		assertThat(field(first, "glorot.lane")).isEqualTo("small");

		JsonNode second = lines.get(1);
		assertThat(field(second, "http.response.body.size")).isEqualTo(Integer.toString(512 * 1024 * 4))
			.isEqualTo(Integer.toString(streamed.body().length));
		assertThat(field(second, "tensor.shape")).isEqualTo("512,1024");
		assertThat(field(second, "tensor.format")).isEqualTo("raw");
		assertThat(field(second, "glorot.lane")).isEqualTo("large");
		// written from another thread, and still in its request's trace
		assertThat(second.path("traceId").asString()).hasSize(32);

		JsonNode third = lines.get(2);
		assertThat(field(third, "http.response.status_code")).isEqualTo("400");
		assertThat(third.path("message").asString()).endsWith(" bytes");
		assertThat(third.has("tensor")).isFalse();
		assertThat(third.has("glorot")).isFalse();

		// every line of the console is JSON, and no answer line carries values
		for (String line : output.getOut().split("\\R")) {
			if (!line.isBlank()) {
				assertThat(JSON.readTree(line).path("@timestamp").isMissingNode()).as(line).isFalse();
			}
		}
		assertThat(lines.toString()).doesNotContain("\"values\"").doesNotContain("NUMPY");
	}

	@Test
	void metricsShouldTagRequestsWithTheirLaneAndElementsWithTheirGenerator() throws Exception {
		assertThat(get("/v1/weights?shape=4,4&seed=5&format=raw").statusCode()).isEqualTo(200);
		assertThat(get("/v1/weights?shape=300,300&seed=5&format=raw").statusCode()).isEqualTo(200);
		assertThat(get("/v1/weights?shape=4,x").statusCode()).isEqualTo(400);
		String metrics = new String(get("/actuator/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*lane=\"small\"[^}]*status=\"200\""
				+ "[^}]*uri=\"/v1/weights\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*lane=\"large\"[^}]*status=\"200\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*lane=\"none\"[^}]*status=\"400\"")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*lane=\"small\"")
			.contains("glorot_elements_generated_total{dtype=\"float32\",format=\"raw\",generator=\"philox4x32-10/v1\"}")
			.contains("glorot_tensors_served_total{distribution=\"uniform\",dtype=\"float32\",format=\"raw\","
					+ "generator=\"philox4x32-10/v1\"}");
	}

	@Test
	void metricsShouldCarryNoExemplarsThatOldPrometheusRejects() throws Exception {
		assertThat(get("/v1/weights?shape=4,4&seed=6&format=raw").statusCode()).isEqualTo(200);
		HttpResponse<String> metrics = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/prometheus"))
			.header("Accept", "application/openmetrics-text;version=1.0.0")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/openmetrics-text"));
		assertThat(metrics.body()).contains("http_server_requests_seconds_count{").doesNotContain(" # {");
	}

	@Test
	void tracesWhenNotSwitchedOnShouldNotBeExported() {
		assertThat(this.context.getBeanNamesForType(SpanExporter.class)).isEmpty();
	}

	/** The answer lines so far, as JSON. */
	private static List<JsonNode> answerLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("\"io.glorot.answers\""))
			.map(JSON::readTree)
			.toList();
	}

	/** A field of the line, flat ({@code a.b}) or nested ({@code {"a":{"b":...}}}), as text. */
	private static String field(JsonNode line, String name) {
		if (line.has(name)) {
			return line.get(name).asString();
		}
		JsonNode node = line;
		for (String part : name.split("\\.")) {
			node = node.path(part);
		}
		assertThat(node.isMissingNode()).as(name + " in " + line).isFalse();
		return node.asString();
	}

	private HttpResponse<byte[]> get(String path) throws Exception {
		int to = path.startsWith("/actuator/") ? this.managementPort : this.port;
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + to + path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

}
