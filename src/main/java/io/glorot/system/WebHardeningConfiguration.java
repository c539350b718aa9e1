package io.glorot.system;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.glorot.web.admission.AdmissionReleaseFilter;
import io.glorot.web.problem.ProblemWriter;
import io.glorot.web.request.LimitsProperties;
import io.glorot.web.serving.TensorHeaders;

/**
 * What keeps the service safe to expose (docs/reliability.md): security headers on every answer, the request
 * body limit enforced before a body is read, generation slots released when a request ends, Tomcat's own refusals
 * answered as problems, and CORS only for the origins configured.
 */
@Configuration(proxyBeanMethods = false)
class WebHardeningConfiguration {

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestPathFilter> requestPathFilter() {
		FilterRegistrationBean<RequestPathFilter> registration = new FilterRegistrationBean<>(
				new RequestPathFilter(new ProblemWriter()));
		// beside the body limit: both refuse a request before anything of the application runs
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(LimitsProperties limits) {
		FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
				new BodyLimitFilter(limits, new ProblemWriter()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<AdmissionReleaseFilter> admissionReleaseFilter() {
		FilterRegistrationBean<AdmissionReleaseFilter> registration = new FilterRegistrationBean<>(
				new AdmissionReleaseFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReport() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				host.getPipeline().addValve(new ProblemErrorReportValve());
			}
		});
	}

	@Bean
	WebMvcConfigurer corsConfigurer(CorsProperties cors) {
		return new WebMvcConfigurer() {

			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (cors.allowedOrigins().isEmpty()) {
					return;
				}
				registry.addMapping("/v1/**")
					.allowedOriginPatterns(cors.allowedOrigins().toArray(String[]::new))
					.allowedMethods("GET", "POST", "HEAD")
					.allowedHeaders(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, HttpHeaders.RANGE,
							HttpHeaders.IF_NONE_MATCH)
					.exposedHeaders(TensorHeaders.TENSOR_SHAPE, TensorHeaders.TENSOR_DTYPE,
							TensorHeaders.TENSOR_SEED, TensorHeaders.TENSOR_GENERATOR,
							TensorHeaders.TENSOR_EXACT, TensorHeaders.TENSOR_COUNT,
							HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_LENGTH, HttpHeaders.RETRY_AFTER,
							HttpHeaders.ETAG, HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES)
					.allowCredentials(false)
					.maxAge(cors.maxAge().toSeconds());
			}

		};
	}

}
