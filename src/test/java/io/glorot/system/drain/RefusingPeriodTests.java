package io.glorot.system.drain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The refusing period: waited out once, on stop, in the phase Spring stops just before the web server's graceful
 * shutdown; nothing when it is zero.
 */
class RefusingPeriodTests {

	@Test
	void stopShouldWaitThePeriodBeforeTheWebServersGracefulShutdown() {
		List<Duration> slept = new ArrayList<>();
		RefusingPeriod period = new RefusingPeriod(Duration.ofSeconds(7), slept::add);
		period.start();
		assertThat(period.isRunning()).isTrue();
		period.stop();
		assertThat(slept).containsExactly(Duration.ofSeconds(7));
		assertThat(period.isRunning()).isFalse();
		// Spring stops higher phases first
		assertThat(period.getPhase()).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
		assertThat(period.isPauseable()).isFalse();
	}

	@Test
	void zeroPeriodShouldNotWait() {
		List<Duration> slept = new ArrayList<>();
		RefusingPeriod period = new RefusingPeriod(Duration.ZERO, slept::add);
		period.start();
		period.stop();
		assertThat(slept).isEmpty();
	}

	@Test
	void retryAfterShouldRoundUpToWholeSecondsAndNegativeValuesShouldBeRefused() {
		assertThat(new ShutdownProperties(Duration.ZERO, Duration.ofMillis(1500)).retryAfterSeconds()).isEqualTo(2);
		assertThat(new ShutdownProperties(Duration.ZERO, Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo(3);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShutdownProperties(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
			.withMessageContaining("glorot.shutdown.refusing-period");
	}

}
