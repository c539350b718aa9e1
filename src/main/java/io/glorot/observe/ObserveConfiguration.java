package io.glorot.observe;

import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * Wires what operators see of each answer: the lane tag of {@code http.server.requests}, and the filter that
 * reports each API answer when it ends ({@link AnswerReporter}).
 */
@Configuration(proxyBeanMethods = false)
class ObserveConfiguration {

	@Bean
	ServerRequestObservationConvention laneObservationConvention() {
		return new LaneObservationConvention();
	}

	/**
	 * Inside Spring's observation filter (order {@code HIGHEST_PRECEDENCE + 1}), so that the request's observation
	 * is still open when an answer ends.
	 */
	@Bean
	FilterRegistrationBean<TensorAnswerFilter> tensorAnswerFilter(
			@Value("${glorot.logging.answers:false}") boolean logAnswers, ObjectProvider<Tracer> tracer) {
		FilterRegistrationBean<TensorAnswerFilter> registration = new FilterRegistrationBean<>(
				new TensorAnswerFilter(new AnswerReporter(logAnswers, tracer.getIfAvailable())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
