package io.glorot.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.glorot.system.drain.Draining;
import io.glorot.web.weights.SmallAnswerLane;

/**
 * Puts the small-answer lane ({@link SmallAnswerLane}, through {@link SmallAnswerValve}) in front of the application's filter chain, unless
 * {@code glorot.connector.small-lane=false} or CORS is on (CORS answers carry headers Spring MVC adds; they take the
 * ordinary way).
 */
@Configuration(proxyBeanMethods = false)
class SmallAnswerConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallAnswerValve(
			@Value("${glorot.connector.small-lane:true}") boolean smallLane, CorsProperties cors,
			ObjectProvider<SmallAnswerLane> lane, ObjectProvider<Draining> draining) {
		return (factory) -> {
			if (smallLane && cors.allowedOrigins().isEmpty()) {
				factory.addContextCustomizers(
						(context) -> context.getPipeline().addValve(new SmallAnswerValve(lane, draining)));
			}
		};
	}

}
