package io.glorot.system;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link ConnectorProperties} to Tomcat's connector.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorBuffers(ConnectorProperties properties) {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appWriteBufSize", String.valueOf(properties.writeBuffer().toBytes()));
			connector.setProperty("socket.directBuffer", String.valueOf(properties.directBuffers()));
		});
	}

}
