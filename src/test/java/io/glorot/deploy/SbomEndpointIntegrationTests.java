package io.glorot.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CycloneDX SBOM that cyclonedx-maven-plugin builds into {@code META-INF/sbom/application.cdx.json} is served by
 * Spring Boot's SBOM endpoint at {@code /actuator/sbom/application} on the management port, and not on the main port.
 * The plugin only runs in an online build ({@code ./mvnw -o} skips it with a warning), so the test is skipped, not
 * passed, when the SBOM is missing; CI builds online, and {@code .ci/steps/40-container.sh} asserts the endpoint
 * on the image as well.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SbomEndpointIntegrationTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void sbomShouldListTheApplicationAndItsDependenciesOnTheManagementPortOnly() throws Exception {
		assumeTrue(getClass().getResource("/META-INF/sbom/application.cdx.json") != null,
				"no META-INF/sbom/application.cdx.json: cyclonedx-maven-plugin needs an online build");
		HttpResponse<String> list = get(this.managementPort, "/actuator/sbom");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("\"application\"");
		HttpResponse<String> sbom = get(this.managementPort, "/actuator/sbom/application");
		assertThat(sbom.statusCode()).isEqualTo(200);
		JsonNode bom = JsonMapper.builder().build().readTree(sbom.body());
		assertThat(bom.get("bomFormat").asString()).isEqualTo("CycloneDX");
		assertThat(bom.at("/metadata/component/name").asString()).isEqualTo("glorot");
		assertThat(bom.get("components").toString()).contains("\"spring-boot\"").contains("\"micrometer-core\"");
		assertThat(get(this.port, "/actuator/sbom/application").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
