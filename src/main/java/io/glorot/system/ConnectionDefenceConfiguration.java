package io.glorot.system;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.glorot.web.problem.TransportFailures;

/**
 * The API connector's defences at the HTTP/1.1 level (docs/reliability.md, "Connections"): {@code 100 Continue}
 * only once the service reads the body (so a body the service refuses by its declared length is never invited),
 * connections closed after an answer that failed, a 413 or a 408, a bounded send buffer (so the write timeout
 * measures the client's progress), a deadline for a request's head and a cap on one client's connections
 * ({@link DefendedHttp11NioProtocol}).
 */
@Configuration(proxyBeanMethods = false)
class ConnectionDefenceConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionDefence(ConnectionProperties connections,
			TransportFailures failures) {
		return (factory) -> {
			factory.setProtocol(DefendedHttp11NioProtocol.class.getName());
			factory.addContextCustomizers((context) -> context.getPipeline().addValve(new ConnectionEndingValve()));
			factory.addProtocolHandlerCustomizers((protocol) -> {
				if (protocol instanceof AbstractHttp11Protocol<?> http) {
					// Tomcat's default, "immediately", sends 100 Continue before the body limit is checked
					http.setContinueResponseTiming("onRead");
					// a write waits for the client to read about half the send buffer: a bounded buffer makes the
					// write timeout a measure of the client's progress, not of how long a large buffer takes to drain
					http.setProperty("socket.txBufSize", Long.toString(connections.sendBuffer().toBytes()));
				}
				if (protocol instanceof DefendedHttp11NioProtocol defended) {
					defended.defend(connections.headerTimeout(), connections.maxPerClient(), failures);
				}
			});
		};
	}

}
