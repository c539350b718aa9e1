package io.glorot.system.drain;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the shutdown for {@code glorot.shutdown.refusing-period} before the web server's graceful stop: it stops in
 * the phase just before {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE} (Spring stops higher phases
 * first). By then the readiness state is {@code REFUSING_TRAFFIC}, so {@code /readyz} answers 503 and
 * {@link DrainingFilter} refuses new
 * API requests, while the listener still accepts connections: a load balancer that probes {@code /readyz} sees it
 * fail instead of a refused connection. Answers in flight go on; the shutdown phase that bounds them starts after.
 */
public class RefusingPeriod implements SmartLifecycle {

	/** Just before the web server's graceful shutdown. */
	static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

	private static final Log logger = LogFactory.getLog(RefusingPeriod.class);

	private final Duration period;

	private final Sleeper sleeper;

	private volatile boolean running;

	RefusingPeriod(Duration period) {
		this(period, (duration) -> Thread.sleep(duration));
	}

	RefusingPeriod(Duration period, Sleeper sleeper) {
		this.period = period;
		this.sleeper = sleeper;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.period.isZero()) {
			return;
		}
		logger.info("Shutdown: /readyz answers 503 and new API requests are refused for " + this.period
				+ " (glorot.shutdown.refusing-period) before the listener closes");
		try {
			this.sleeper.sleep(this.period);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** A pause of the context ({@code ConfigurableApplicationContext.pause()}) is no shutdown: nothing to wait for. */
	@Override
	public boolean isPauseable() {
		return false;
	}

	/** How the period is waited out. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

}
