package io.glorot.system;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title and description, and the answers every API operation shares. The version is the API's, not the build's, so the committed
 * contract (openapi/openapi.yaml) does not change with every release.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI glorotOpenApi() {
		return new OpenAPI().info(new Info().title("glorot")
			.version("v1")
			.description("Xavier (Glorot) initialized weight tensors, reproducible to the bit: the same request "
					+ "gives the same bits on every replica, with any thread count, in every format, forever.")
			.license(new License().name("Apache-2.0")))
			// relative, so the document is the same on every host and port
			.servers(List.of(new Server().url("/").description("This service")));
	}

	/**
	 * Every API operation may answer 503 for the same two reasons, whatever it makes: the service is overloaded
	 * ({@code overloaded}, admission) or the replica is shutting down ({@code shutting-down}, the drain). Declared
	 * once here, for every operation under {@code /v1/}, instead of beside each operation's own answers.
	 */
	@Bean
	OpenApiCustomizer serviceUnavailableAnswers() {
		return (openApi) -> openApi.getPaths()
			.entrySet()
			.stream()
			.filter((path) -> path.getKey().startsWith("/v1/"))
			.flatMap((path) -> path.getValue().readOperations().stream())
			.forEach((operation) -> operation.getResponses().addApiResponse("503", serviceUnavailable()));
	}

	private static ApiResponse serviceUnavailable() {
		return new ApiResponse()
			.description("Overloaded (urn:glorot:problem:overloaded) or shutting down "
					+ "(urn:glorot:problem:shutting-down): retry after Retry-After seconds, on this or another replica")
			.addHeaderObject("Retry-After",
					new Header().description("Seconds to wait before retrying").schema(new IntegerSchema()))
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
	}

}
