package io.glorot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.glorot.format.TensorFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulkhead over real HTTP: clients that stop reading hold large generations; past two of them, or past the
 * elements in flight, large requests get 503 with {@code Retry-After} at once while small ones are still served;
 * once the clients go, the service admits again. The write timeout is long here (30 s), so the held streams stay
 * held for the whole test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "glorot.admission.max-generations=2", "glorot.admission.max-elements-in-flight=20000000",
				"glorot.admission.retry-after=3s", "server.tomcat.connection-timeout=30s" })
class AdmissionIntegrationTests {

	private static final String HUGE = "/v1/weights?shape=4096,4096&seed=1&format=raw";

	private static final String MEDIUM = "/v1/weights?shape=1024,1024&seed=2&format=raw";

	private static final String LARGER = "/v1/weights?shape=2048,2048&seed=3&format=raw";

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void saturatedLargeLaneShouldAnswer503WithRetryAfterServeSmallRequestsAndRecover() throws Exception {
		double rejectedBefore = rejected();
		RawHttp huge = RawHttp.open(this.port).get(HUGE);
		assertThat(huge.status()).isEqualTo(200);
		assertThat(generations()).isEqualTo(1);
		assertThat(elementsInFlight()).isEqualTo(4096 * 4096);

		// 16.8 M + 4.2 M elements would pass the 20 M bound
		HttpResponse<String> byElements = get(LARGER);
		assertThat(byElements.statusCode()).isEqualTo(503);
		assertThat(byElements.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(byElements.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(byElements.body()).contains("\"type\":\"urn:glorot:problem:overloaded\"")
			.contains("\"retryAfterSeconds\":3");

		RawHttp medium = RawHttp.open(this.port).get(MEDIUM);
		assertThat(medium.status()).isEqualTo(200);
		assertThat(generations()).isEqualTo(2);

		// both large slots are held: the next large request is refused however small its elements
		assertThat(get("/v1/weights?shape=512,512&seed=4&format=raw").statusCode()).isEqualTo(503);
		assertThat(get("/v1/weights/histogram?shape=512,512&seed=4&format=json").statusCode()).isEqualTo(503);
		HttpResponse<String> batch = this.http.send(HttpRequest.newBuilder(uri("/v1/weights/batch"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"seed\": 1, \"tensors\": [{\"name\": \"w\", \"shape\": [512, 512]}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(batch.statusCode()).isEqualTo(503);
		assertThat(batch.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(rejected() - rejectedBefore).isEqualTo(4);

		// small requests have their own lane, and their answers are exact
		HttpResponse<byte[]> small = this.http.send(
				HttpRequest.newBuilder(uri("/v1/weights?shape=16,16&seed=9&format=raw")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(small.statusCode()).isEqualTo(200);
		assertThat(small.body()).isEqualTo(TestRequests.encode(TestRequests.spec("shape=16,16&seed=9"), TensorFormat.RAW));
		assertThat(get("/v1/weights/histogram?shape=16,16&seed=9&format=json").statusCode()).isEqualTo(200);

		huge.abort();
		medium.abort();
		assertThat(RawHttp.await(20, () -> generations() == 0 && elementsInFlight() == 0)).isTrue();
		HttpResponse<byte[]> recovered = this.http.send(HttpRequest.newBuilder(uri(LARGER)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(recovered.statusCode()).isEqualTo(200);
		assertThat(recovered.body()).hasSize(2048 * 2048 * 4);
		assertThat(RawHttp.await(20, () -> generations() == 0)).isTrue();
	}

	private double generations() {
		return this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value();
	}

	private double elementsInFlight() {
		return this.registry.get("glorot.admission.elements").gauge().value();
	}

	private double rejected() {
		return this.registry.get("glorot.admission.rejected").tag("lane", "large").counter().count();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
