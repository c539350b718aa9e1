package io.glorot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression tests, over real HTTP, for the defects of issue 11 that only a real server shows: headers sent twice
 * on small answers (3), and error answers that were not problems (5): what Tomcat answers itself and sends to the
 * error page, the error page asked for directly, and a body without a Content-Type.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HeadersAndErrorsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> SINGLE_VALUED = List.of("ETag", "Cache-Control", "Content-Type",
			"Content-Length", "Content-Disposition", "Content-Range", "Accept-Ranges", "Tensor-Shape", "Tensor-Dtype",
			"Tensor-Seed", "Tensor-Generator", "Tensor-Exact", "X-Content-Type-Options", "Vary");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "json", "raw", "npy", "safetensors" })
	void smallAnswersShouldSendEverySingleValuedHeaderOnce(String format) throws Exception {
		HttpResponse<byte[]> whole = send(get("/v1/weights?shape=3,4&seed=42&format=" + format).build());
		assertThat(whole.statusCode()).isEqualTo(200);
		assertSingleValued(whole);
		if (!format.equals("json")) {
			String etag = whole.headers().firstValue("ETag").orElseThrow();
			HttpResponse<byte[]> part = send(get("/v1/weights?shape=3,4&seed=42&format=" + format)
				.header("Range", "bytes=0-9")
				.header("If-Range", etag)
				.build());
			assertThat(part.statusCode()).isEqualTo(206);
			assertThat(part.body()).hasSize(10);
			assertSingleValued(part);
		}
	}

	@Test
	void notModifiedShouldSendEverySingleValuedHeaderOnce() throws Exception {
		HttpResponse<byte[]> whole = send(get("/v1/weights?shape=3,4&seed=42&format=raw").build());
		HttpResponse<byte[]> notModified = send(get("/v1/weights?shape=3,4&seed=42&format=raw")
			.header("If-None-Match", "*")
			.build());
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.headers().firstValue("ETag")).isEqualTo(whole.headers().firstValue("ETag"));
		assertSingleValued(notModified);
	}

	@Test
	void traceShouldBeA405Problem() throws Exception {
		try (RawHttp raw = RawHttp.open(this.port)
			.send("TRACE /v1/weights HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.ISO_8859_1))) {
			assertThat(raw.status()).isEqualTo(405);
			assertThat(raw.header("Content-Type")).startsWith("application/problem+json");
			JsonNode problem = JSON.readTree(raw.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:method-not-allowed");
			assertThat(problem.get("status").asInt()).isEqualTo(405);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/error", "/META-INF/MANIFEST.MF", "/WEB-INF/web.xml", "/no/such/path" })
	void pathsWithoutAResourceShouldBe404Problems(String path) throws Exception {
		HttpResponse<byte[]> response = send(get(path).build());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:not-found");
		assertThat(problem.get("instance").asString()).isEqualTo(path);
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void bodyWithoutContentTypeShouldBeA415ProblemSayingSo() throws Exception {
		for (String path : List.of("/v1/weights/batch", "/v1/weights")) {
			HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(path))
				.POST(HttpRequest.BodyPublishers.ofString("{\"tensors\": []}"))
				.build());
			assertThat(response.statusCode()).isEqualTo(415);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:unsupported-media-type");
			assertThat(problem.get("detail").asString()).contains("no Content-Type").doesNotContain("null");
		}
	}

	private static void assertSingleValued(HttpResponse<?> response) {
		for (String name : SINGLE_VALUED) {
			assertThat(response.headers().allValues(name)).as(name).hasSizeLessThanOrEqualTo(1);
		}
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(uri(path));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

}
