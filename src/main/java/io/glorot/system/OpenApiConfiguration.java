package io.glorot.system;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title and description. The version is the API's, not the build's, so the committed
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

}
