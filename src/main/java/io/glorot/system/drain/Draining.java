package io.glorot.system.drain;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Whether the service refuses new API requests: from the moment its readiness turns {@code REFUSING_TRAFFIC} (Spring
 * Boot publishes that first thing when the application context closes, before any bean stops) until it turns
 * {@code ACCEPTING_TRAFFIC} again. The readiness state before the first change (while the service starts) does not
 * count: nothing is refused then, as before.
 */
public class Draining implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private volatile boolean draining;

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		this.draining = event.getState() == ReadinessState.REFUSING_TRAFFIC;
	}

	/**
	 * Whether new API requests are refused.
	 * @return true from the readiness change to {@code REFUSING_TRAFFIC} on
	 */
	public boolean isDraining() {
		return this.draining;
	}

}
