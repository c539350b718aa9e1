package io.glorot.web.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admission control ({@code glorot.admission.*}): how much generation the service takes on at once before it
 * answers 503 with {@code Retry-After} instead of queueing. Small answers have a lane of their own, so a flood of
 * large streams cannot starve them (docs/reliability.md).
 *
 * @param maxGenerations the most large answers (above {@code smallElements}) generated at once
 * @param maxElementsInFlight the most elements of large answers in flight at once, all together; a single answer
 * larger than this is still admitted when no other large answer is in flight
 * @param smallElements answers of at most this many elements (work, for generators that skip) take the small lane
 * @param maxSmall the most small answers generated at once
 * @param retryAfter what the {@code Retry-After} header of a 503 says, rounded up to whole seconds
 */
@ConfigurationProperties("glorot.admission")
public record AdmissionProperties(@DefaultValue("16") int maxGenerations,
		@DefaultValue("4294967296") long maxElementsInFlight, @DefaultValue("65536") long smallElements,
		@DefaultValue("64") int maxSmall, @DefaultValue("1s") Duration retryAfter) {

	/**
	 * The {@code Retry-After} value.
	 * @return whole seconds, at least 1
	 */
	long retryAfterSeconds() {
		long seconds = this.retryAfter.toSeconds() + ((this.retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
