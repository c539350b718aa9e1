package io.glorot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed contract, openapi/openapi.yaml, must be exactly what the service serves at /v3/api-docs.yaml. To
 * accept a deliberate change, regenerate the file:
 * {@code ./mvnw test -Dtest=OpenApiContractTests -Dopenapi.update=true}, and review the diff.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

	private static final Path CONTRACT = Path.of("openapi/openapi.yaml");

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

}
