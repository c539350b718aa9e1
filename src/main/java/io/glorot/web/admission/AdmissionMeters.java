package io.glorot.web.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of admission control: generations and elements in flight per lane, requests refused per lane (or for
 * memory), and
 * answers ended because the client stopped reading (docs/operations.md lists them).
 */
final class AdmissionMeters {

	private final MeterRegistry registry;

	private final Counter rejectedLarge;

	private final Counter rejectedSmall;

	private final Counter rejectedMemory;

	private final Counter timedOut;

	AdmissionMeters(MeterRegistry registry) {
		this.registry = registry;
		this.rejectedLarge = rejected(registry, GenerationLanes.LARGE);
		this.rejectedSmall = rejected(registry, GenerationLanes.SMALL);
		this.rejectedMemory = rejected(registry, GenerationLanes.MEMORY);
		this.timedOut = Counter.builder("glorot.responses.timed-out")
			.description("Answers ended because the client did not read within the write timeout")
			.register(registry);
	}

	private static Counter rejected(MeterRegistry registry, String lane) {
		return Counter.builder("glorot.admission.rejected")
			.description("Requests refused with 503 because their lane, or the memory budget, was full")
			.tag("lane", lane)
			.register(registry);
	}

	/** Registers the gauges that read the lanes. */
	void watch(GenerationLanes lanes) {
		for (String lane : new String[] { GenerationLanes.LARGE, GenerationLanes.SMALL }) {
			Gauge.builder("glorot.admission.generations", lanes, (l) -> l.inFlight(lane))
				.description("Generations in flight")
				.tag("lane", lane)
				.register(this.registry);
		}
		Gauge.builder("glorot.admission.elements", lanes, GenerationLanes::elementsInFlight)
			.description("Elements of large answers in flight")
			.register(this.registry);
	}

	void rejected(String lane) {
		switch (lane) {
			case GenerationLanes.LARGE -> this.rejectedLarge.increment();
			case GenerationLanes.MEMORY -> this.rejectedMemory.increment();
			default -> this.rejectedSmall.increment();
		}
	}

	Counter timedOut() {
		return this.timedOut;
	}

}
