package io.glorot.system.drain;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.glorot.web.problem.ProblemWriter;

/**
 * How a replica leaves (docs/deploy.md, "Streams that survive"): no new answer starts once shutdown has begun, an
 * optional period in which it still listens but reports not ready, then Spring Boot's graceful shutdown, which lets
 * the answers in flight finish within {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShutdownProperties.class)
class DrainConfiguration {

	@Bean
	Draining draining() {
		return new Draining();
	}

	@Bean
	FilterRegistrationBean<DrainingFilter> drainingFilter(Draining draining, ShutdownProperties properties) {
		FilterRegistrationBean<DrainingFilter> registration = new FilterRegistrationBean<>(
				new DrainingFilter(draining, properties, new ProblemWriter()));
		registration.addUrlPatterns("/v1/*");
		// after the security headers, before anything that reads the request or admits a generation
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	RefusingPeriod refusingPeriod(ShutdownProperties properties) {
		return new RefusingPeriod(properties.refusingPeriod());
	}

}
