package io.glorot.web;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import io.glorot.GlorotApplication;
import io.glorot.format.TensorFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness drops first, so no new answer starts on a replica that is leaving (docs/deploy.md, "Streams that
 * survive"). A gate that stops just before the web server's graceful shutdown holds the close at the moment between
 * "shutdown has begun" and "the listener closes" (the moment {@code glorot.shutdown.refusing-period} stretches, and
 * that lasts about 100 ms without it), so the test sees it without timing: a new request for a long answer on a
 * keep-alive connection opened before (as a proxy's pool sends it) is refused with 503 {@code shutting-down},
 * {@code Retry-After} and {@code Connection: close}, and the connection ends; {@code /readyz} answers 503 on a new
 * connection; the stream in flight goes on and ends complete and exact. {@code .ci/steps/40-container.sh} checks the
 * same on the image with SIGTERM and a real refusing period.
 */
class DrainIntegrationTests {

	private static final String STREAM = "shape=2048,1024&seed=11";

	@Test
	void shutdownShouldRefuseNewRequestsOnKeptAliveConnectionsWhileTheStreamInFlightFinishes() throws Exception {
		Gate gate = new Gate();
		SpringApplication application = new SpringApplication(GlorotApplication.class);
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("drainTestGate", gate));
		ConfigurableApplicationContext context = application.run("--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--spring.lifecycle.timeout-per-shutdown-phase=30s",
				"--spring.jmx.enabled=false");
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		Thread closer = null;
		try (RawHttp stream = RawHttp.open(port).get("/v1/weights?" + STREAM + "&format=raw");
				RawHttp pooled = RawHttp.open(port)) {
			assertThat(stream.status()).isEqualTo(200);
			long length = Long.parseLong(stream.header("Content-Length"));
			byte[] first = stream.read(65536);
			pooled.get("/readyz");
			assertThat(pooled.status()).isEqualTo(200);
			assertThat(pooled.header("Connection")).isNull();
			pooled.body();

			closer = Thread.ofPlatform().name("closer").start(context::close);
			assertThat(gate.entered.await(20, TimeUnit.SECONDS)).as("the close reached the gate").isTrue();

			pooled.get("/v1/weights?shape=4096,4096&seed=12&format=raw");
			assertThat(pooled.status()).isEqualTo(503);
			assertThat(pooled.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(pooled.header("Retry-After")).isEqualTo("1");
			assertThat(pooled.header("Connection")).isEqualTo("close");
			assertThat(pooled.body()).contains("\"type\":\"urn:glorot:problem:shutting-down\"")
				.contains("\"retryAfterSeconds\":1");
			assertThat(pooled.read(1)).as("the server ended the kept-alive connection").isEmpty();

			try (RawHttp fresh = RawHttp.open(port).get("/readyz")) {
				assertThat(fresh.status()).as("/readyz on a new connection while the listener is open").isEqualTo(503);
			}
			try (RawHttp fresh = RawHttp.open(port).get("/v1/weights?shape=3,4&seed=42&format=json")) {
				assertThat(fresh.status()).isEqualTo(503);
				assertThat(fresh.body()).contains("urn:glorot:problem:shutting-down");
			}
			assertThat(closer.isAlive()).isTrue();
			gate.open.countDown();

			assertThat(RawHttp.await(20, () -> RawHttp.refused(port))).as("the listener closes after the gate").isTrue();
			byte[] rest = stream.readFully(length - first.length);
			byte[] expected = TestRequests.encode(TestRequests.spec(STREAM), TensorFormat.RAW);
			assertThat(TestRequests.sha256(first, rest)).isEqualTo(TestRequests.sha256(expected));
		}
		finally {
			gate.open.countDown();
			if (closer == null) {
				context.close();
			}
		}
		closer.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(closer.isAlive()).isFalse();
		assertThat(context.isActive()).isFalse();
	}

	/** Stops in the phase before the web server's graceful shutdown, and only when the test opens it. */
	static final class Gate implements SmartLifecycle {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.entered.countDown();
			try {
				this.open.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 2;
		}

	}

}
