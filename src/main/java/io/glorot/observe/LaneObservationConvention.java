package io.glorot.observe;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring's {@code http.server.requests} with one more tag, {@code lane}: the admission lane that served the request
 * ({@code small} or {@code large}), or {@code none} for a request that was not admitted (actuator, a bad request, a
 * request still running: the {@code http.server.requests.active} meter is tagged when the request starts). A closed
 * set, so the number of series stays bounded; it lets PromQL tell small answers' latency from large ones'.
 */
class LaneObservationConvention extends DefaultServerRequestObservationConvention {

	static final String LANE = "lane";

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		Object lane = context.getCarrier().getAttribute(TensorAnswer.LANE_ATTRIBUTE);
		return super.getLowCardinalityKeyValues(context)
			.and(KeyValue.of(LANE, (lane instanceof String name) ? name : "none"));
	}

}
