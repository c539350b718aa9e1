package io.glorot.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's {@code swaggerUi.enabled: false} (environment {@code SPRINGDOC_SWAGGERUI_ENABLED=false}) takes Swagger
 * UI off the public port while the API and its OpenAPI document stay.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "springdoc.swagger-ui.enabled=false")
class SwaggerUiSwitchIntegrationTests {

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void swaggerUiWhenSwitchedOffShouldBeGoneAndTheApiStay() throws Exception {
		assertThat(status("/swagger-ui/index.html")).isEqualTo(404);
		assertThat(status("/swagger-ui.html")).isEqualTo(404);
		assertThat(status("/v3/api-docs")).isEqualTo(200);
		assertThat(status("/v1/weights?shape=2,2&seed=1")).isEqualTo(200);
	}

	private int status(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
