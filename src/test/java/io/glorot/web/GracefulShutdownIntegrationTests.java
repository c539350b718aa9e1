package io.glorot.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.glorot.GlorotApplication;
import io.glorot.format.TensorFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown with a stream in flight, on an application started here so that the test can close it: the
 * readiness state turns REFUSING_TRAFFIC first, new connections are refused, the stream still ends complete and
 * exact, and then the context finishes closing. {@code .ci/steps/60-shutdown.sh} does the same with the packaged
 * jar and SIGTERM.
 */
class GracefulShutdownIntegrationTests {

	private static final int ROWS = 2048;

	@Test
	void closeWithStreamInFlightShouldTurnReadinessDownRefuseNewConnectionsAndFinishTheStream() throws Exception {
		List<Object> events = new CopyOnWriteArrayList<>();
		SpringApplication application = new SpringApplication(GlorotApplication.class);
		application.addListeners((ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> events.add(event.getState()));
		ConfigurableApplicationContext context = application.run("--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0",
				"--spring.lifecycle.timeout-per-shutdown-phase=30s", "--spring.jmx.enabled=false");
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		Thread closer = null;
		try (RawHttp stream = RawHttp.open(port).get("/v1/weights?shape=" + ROWS + ",1024&seed=11&format=raw")) {
			assertThat(stream.status()).isEqualTo(200);
			long length = Long.parseLong(stream.header("Content-Length"));
			byte[] first = stream.read(65536);
			assertThat(events).contains(ReadinessState.ACCEPTING_TRAFFIC);

			closer = Thread.ofPlatform().name("closer").start(context::close);
			assertThat(RawHttp.await(20, () -> events.contains(ReadinessState.REFUSING_TRAFFIC))).isTrue();
			assertThat(RawHttp.await(20, () -> RawHttp.refused(port))).isTrue();
			assertThat(closer.isAlive()).as("shutdown waits for the stream").isTrue();

			byte[] rest = stream.readFully(length - first.length);
			byte[] expected = TestRequests.encode(TestRequests.spec("shape=" + ROWS + ",1024&seed=11"), TensorFormat.RAW);
			assertThat(TestRequests.sha256(first, rest)).isEqualTo(TestRequests.sha256(expected));
		}
		finally {
			if (closer == null) {
				context.close();
			}
		}
		closer.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(closer.isAlive()).isFalse();
		assertThat(context.isActive()).isFalse();
		assertThat(events.indexOf(ReadinessState.REFUSING_TRAFFIC))
			.isGreaterThan(events.indexOf(ReadinessState.ACCEPTING_TRAFFIC));
	}

}
