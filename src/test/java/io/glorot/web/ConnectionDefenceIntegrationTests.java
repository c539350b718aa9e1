package io.glorot.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-head deadline (issue 16) against a lowered limit: a request head that arrives one byte every 300 ms,
 * so that Tomcat's own idle timeout never fires, is cut at its deadline (2 s here) and counted. The per-client
 * connection cap is tested in {@link ClientConnectionCapIntegrationTests}, with a deadline long enough that it cannot
 * interfere. No upper time bound is asserted: a loaded machine may be slow, never early.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "glorot.connections.header-timeout=2s")
class ConnectionDefenceIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void requestHeadThatNeverEndsShouldBeCutAtItsDeadline() throws Exception {
		double before = failures("header-timeout");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5_000);
			socket.setSoTimeout(200);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write("GET /v1/weights?shape=2,2 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
			long start = System.nanoTime();
			boolean closed = false;
			// one header byte every 300 ms: Tomcat's own timeout never fires
			while (!closed && System.nanoTime() - start < 10_000_000_000L) {
				try {
					out.write('X');
					out.flush();
					closed = in.read() < 0;
				}
				catch (java.net.SocketTimeoutException ex) {
					Thread.sleep(100);
				}
				catch (SocketException ex) {
					closed = true;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			// closed within the loop's 10 s, and not before the deadline: a lower bound only, which load cannot break
			assertThat(closed).isTrue();
			assertThat(seconds).isGreaterThanOrEqualTo(1.5);
		}
		// counted as the connection closes, possibly just after the client sees it
		assertThat(RawHttp.await(10, () -> failures("header-timeout") > before)).isTrue();
	}

	private double failures(String cause) {
		return this.registry.get("glorot.transport.failures").tag("cause", cause).counter().count();
	}

}
