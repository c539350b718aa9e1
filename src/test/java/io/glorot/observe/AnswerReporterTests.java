package io.glorot.observe;

import io.micrometer.common.KeyValue;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where an answer's attributes go: onto the request's observation when its span records them (a sampled span of the
 * real OpenTelemetry SDK), and nowhere when the span is not sampled or there is no tracing, since nothing would read
 * them there.
 */
class AnswerReporterTests {

	private static final TensorAnswer ANSWER = new TensorAnswer("GET", "/v1/weights", 200, 1, 1024, "1", "16,16",
			"float32", "raw", "philox4x32-10/v1", null, "small");

	@Test
	void answerWhenSpanIsSampledShouldPutEveryAttributeOnTheObservation() {
		ServerRequestObservationContext context = report(span(Sampler.alwaysOn()));
		assertThat(context.getHighCardinalityKeyValues()).extracting(KeyValue::getKey)
			.containsExactlyInAnyOrderElementsOf(ANSWER.attributes().keySet());
		assertThat(context.getHighCardinalityKeyValue("tensor.shape").getValue()).isEqualTo("16,16");
		assertThat(context.getHighCardinalityKeyValue("http.response.body.size").getValue()).isEqualTo("1024");
	}

	@Test
	void answerWhenSpanIsNotSampledShouldPutNothingOnTheObservation() {
		assertThat(report(span(Sampler.alwaysOff())).getHighCardinalityKeyValues()).isEmpty();
	}

	@Test
	void answerWithoutTracingShouldPutNothingOnTheObservation() {
		assertThat(report(null).getHighCardinalityKeyValues()).isEmpty();
	}

	@Test
	void wantsShouldTellWhetherAReportWouldGoAnywhere() {
		assertThat(new AnswerReporter(false, null).wants(observed(span(Sampler.alwaysOn())))).isTrue();
		assertThat(new AnswerReporter(false, null).wants(observed(span(Sampler.alwaysOff())))).isFalse();
		assertThat(new AnswerReporter(false, null).wants(observed(null))).isFalse();
		assertThat(new AnswerReporter(false, null).wants(new MockHttpServletRequest())).isFalse();
	}

	private static Span span(Sampler sampler) {
		try (SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(sampler).build()) {
			return OtelSpan.fromOtel(provider.get("test").spanBuilder("http get").startSpan());
		}
	}

	private static ServerRequestObservationContext report(Span span) {
		MockHttpServletRequest request = observed(span);
		new AnswerReporter(false, null).accept(new TensorAnswerFilter.Ended(request, ANSWER));
		return (ServerRequestObservationContext) request
			.getAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
	}

	/** A request with an observation context, and in it the span the tracing handler would have started. */
	private static MockHttpServletRequest observed(Span span) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/weights");
		ServerRequestObservationContext context = new ServerRequestObservationContext(request,
				new MockHttpServletResponse());
		if (span != null) {
			TracingObservationHandler.TracingContext tracing = new TracingObservationHandler.TracingContext();
			tracing.setSpan(span);
			context.put(TracingObservationHandler.TracingContext.class, tracing);
		}
		request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
		return request;
	}

}
