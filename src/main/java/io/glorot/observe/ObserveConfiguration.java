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
 * reports each API answer when it ends ({@link AnswerReporter}), also for the answers made outside the filter chain
 * ({@link AnswerReports}).
 */
@Configuration(proxyBeanMethods = false)
class ObserveConfiguration {

	@Bean
	ServerRequestObservationConvention laneObservationConvention() {
		return new LaneObservationConvention();
	}

	@Bean
	AnswerReporter answerReporter(@Value("${glorot.logging.answers:false}") boolean logAnswers,
			ObjectProvider<Tracer> tracer) {
		return new AnswerReporter(logAnswers, tracer.getIfAvailable());
	}

	/** For answers made outside the filter chain (the small-answer lane), reported as the filter reports the rest. */
	@Bean
	AnswerReports answerReports(AnswerReporter reporter) {
		return new AnswerReports(reporter);
	}

	/**
	 * Inside Spring's observation filter (order {@code HIGHEST_PRECEDENCE + 1}), so that the request's observation
	 * is still open when an answer ends.
	 */
	@Bean
	FilterRegistrationBean<TensorAnswerFilter> tensorAnswerFilter(AnswerReporter reporter) {
		FilterRegistrationBean<TensorAnswerFilter> registration = new FilterRegistrationBean<>(
				new TensorAnswerFilter(reporter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
