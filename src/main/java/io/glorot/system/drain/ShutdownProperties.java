package io.glorot.system.drain;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the service does when its shutdown begins, before the web server's graceful stop (docs/deploy.md, "Streams
 * that survive"): from the first moment it refuses new API requests with 503 {@code shutting-down}, and it may keep
 * listening for a while so that load balancers that probe {@code /readyz} themselves see it fail.
 *
 * @param refusingPeriod how long, from the start of shutdown, the service keeps accepting connections while
 * {@code /readyz} answers 503 and every new API request is refused, before the listener closes and the shutdown
 * phase ({@code spring.lifecycle.timeout-per-shutdown-phase}) begins; answers in flight go on meanwhile. 0 (the
 * default) closes the listener at once. It adds to the time a stop takes: the grace period must cover it.
 * @param retryAfter what the {@code Retry-After} header of the 503 says, rounded up to whole seconds
 */
@ConfigurationProperties("glorot.shutdown")
public record ShutdownProperties(@DefaultValue("0s") Duration refusingPeriod, @DefaultValue("1s") Duration retryAfter) {

	/**
	 * Checks the values.
	 */
	public ShutdownProperties {
		if (refusingPeriod.isNegative()) {
			throw new IllegalArgumentException("glorot.shutdown.refusing-period must not be negative: " + refusingPeriod);
		}
		if (retryAfter.isNegative()) {
			throw new IllegalArgumentException("glorot.shutdown.retry-after must not be negative: " + retryAfter);
		}
	}

	/**
	 * The {@code Retry-After} value.
	 * @return {@link #retryAfter()} in whole seconds, rounded up
	 */
	public long retryAfterSeconds() {
		long seconds = this.retryAfter.toSeconds();
		return (this.retryAfter.toNanosPart() > 0) ? seconds + 1 : seconds;
	}

}
