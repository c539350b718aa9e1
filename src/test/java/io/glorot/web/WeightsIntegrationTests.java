package io.glorot.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.glorot.tensor.TensorSpec;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service over real HTTP on a random port: streamed answers, their lengths, and the operations endpoints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WeightsIntegrationTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void rawStreamShouldHaveExactLengthAndSpecValues() throws Exception {
		HttpResponse<byte[]> response = get("/v1/weights?shape=256,512&seed=0&format=raw");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(256 * 512 * 4);
		assertThat(response.body()).hasSize(256 * 512 * 4);
		// shared/spec/vectors.json, case 2
		assertThat(TestRequests.sha256(response.body()))
			.isEqualTo("7a609cb4b8e01635c3a6f229c60d94c13fcd3e3e896a74ee0a61c7db84ba05c1");
	}

	@Test
	void largeNpyStreamShouldCarryEveryByte() throws Exception {
		HttpResponse<byte[]> response = get("/v1/weights?shape=1024,1024&seed=5&distribution=normal&format=npy");
		assertThat(response.statusCode()).isEqualTo(200);
		long length = response.headers().firstValueAsLong("Content-Length").orElseThrow();
		assertThat(response.body()).hasSize((int) length);
		int headerLength = (response.body()[8] & 0xFF) | (response.body()[9] & 0xFF) << 8;
		assertThat(length).isEqualTo(10 + headerLength + 1024 * 1024 * 4L);
		float last = ByteBuffer.wrap(response.body(), (int) length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
		float[] expected = new float[1];
		TensorSpec spec = TestRequests.spec("shape=1024,1024&seed=5&distribution=normal");
		spec.generator().open(spec).fill(1024 * 1024 - 1, expected, 0, 1);
		assertThat(last).isEqualTo(expected[0]);
	}

	@Test
	void jsonStreamShouldBeChunkedAndComplete() throws Exception {
		HttpResponse<byte[]> response = get("/v1/weights?shape=300,300&seed=3");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Length")).isEmpty();
		String body = new String(response.body(), StandardCharsets.US_ASCII);
		assertThat(body).startsWith("{\"shape\":[300,300]").endsWith("]]}");
	}

	@Test
	void actuatorShouldExposeHealthGroupsInfoAndPrometheusOnlyOnTheManagementPort() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(get("/livez").statusCode()).isEqualTo(200);
		assertThat(get("/readyz").statusCode()).isEqualTo(200);
		for (String management : new String[] { "/actuator/health", "/actuator/info", "/actuator/prometheus" }) {
			assertThat(get(management).statusCode()).as("main port " + management).isEqualTo(404);
		}
		assertThat(managementText("/actuator/health/liveness")).contains("\"UP\"");
		assertThat(managementText("/actuator/info")).contains("philox4x32-10/v1").contains("\"version\"");
		get("/v1/weights?shape=8,8&seed=1&format=raw");
		assertThat(managementText("/actuator/prometheus")).contains("glorot_tensors_served_total{distribution=\"uniform\",dtype=\"float32\",format=\"raw\"")
			.contains("glorot_elements_generated_total")
			.contains("glorot_bytes_written_bytes_total")
			.contains("glorot_responses_aborted_total")
			.contains("http_server_requests_seconds");
		for (String hidden : new String[] { "/actuator/env", "/actuator/beans", "/actuator/heapdump",
				"/actuator/metrics", "/actuator/threaddump", "/actuator/configprops" }) {
			assertThat(get(hidden).statusCode()).as(hidden).isEqualTo(404);
			assertThat(this.http.send(HttpRequest.newBuilder(managementUri(hidden)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode()).as("management port " + hidden).isEqualTo(404);
		}
	}

	@Test
	void openApiAndSwaggerUiShouldBeServed() throws Exception {
		assertThat(text("/v3/api-docs")).contains("\"/v1/weights\"");
		HttpResponse<byte[]> ui = this.http.send(
				HttpRequest.newBuilder(uri("/swagger-ui/index.html")).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
	}

	private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private String managementText(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(managementUri(path)).build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private URI managementUri(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	private String text(String path) throws IOException, InterruptedException {
		return new String(get(path).body(), StandardCharsets.UTF_8);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
