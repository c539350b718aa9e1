package io.glorot.web;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write timeout measures progress, not how long one large write takes (issue 16): with a 2 s timeout, a reader
 * with an 8 KiB receive buffer that reads a steady 64 KiB/s gets a whole 160 000-byte answer (a single write of it
 * takes 2.4 s), and a large answer read that way is not cut for 8 s, while one that reads nothing is cut and
 * counted. The rate leaves a margin: the server's write waits for about half its 16 KB send buffer (doubled by the
 * kernel) to be read, a quarter of a second at this rate against the 2 s timeout, so a loaded machine that stalls
 * the reader for a second does not cut it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "server.tomcat.connection-timeout=2s", "glorot.connections.send-buffer=16KB" })
class WriteProgressIntegrationTests {

	private static final int BYTES = 200 * 200 * 4;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void slowButSteadyReaderShouldBeServedToTheEnd() throws Exception {
		double timedOutBefore = timedOut();
		try (Socket socket = open()) {
			socket.getOutputStream()
				.write("GET /v1/weights?shape=200,200&seed=3&format=raw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1024];
			long total = 0;
			long start = System.nanoTime();
			// 1 KiB every 15.6 ms: 64 KiB/s
			for (int n; (n = in.read(buffer)) >= 0;) {
				total += n;
				long due = start + (long) (total / 65536.0 * 1e9);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
			}
			// the whole answer: headers plus every byte of the body
			assertThat(total).isGreaterThan(BYTES);
		}
		assertThat(timedOut()).isEqualTo(timedOutBefore);
	}

	@Test
	void slowButSteadyReaderOfALargeAnswerShouldNotBeCut() throws Exception {
		double timedOutBefore = timedOut();
		try (Socket socket = open()) {
			socket.getOutputStream()
				.write("GET /v1/weights?shape=1024,1024&seed=3&format=raw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1024];
			long total = 0;
			long start = System.nanoTime();
			// 64 KiB/s for 8 s, longer than the timeout; 512 KiB, far less than the 4 MiB answer
			while (System.nanoTime() - start < 8_000_000_000L) {
				int n = in.read(buffer);
				assertThat(n).isPositive();
				total += n;
				long due = start + (long) (total / 65536.0 * 1e9);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
			}
			assertThat(timedOut()).isEqualTo(timedOutBefore);
		}
	}

	@Test
	void readerThatReadsNothingShouldBeCutAndCounted() throws Exception {
		double timedOutBefore = timedOut();
		try (Socket socket = open()) {
			socket.getOutputStream()
				.write("GET /v1/weights?shape=1024,1024&seed=3&format=raw HTTP/1.1\r\nHost: x\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(RawHttp.await(30, () -> timedOut() > timedOutBefore)).isTrue();
			long received = 0;
			try {
				received = socket.getInputStream().readAllBytes().length;
			}
			catch (java.net.SocketException ex) {
				// reset: cut
			}
			assertThat(received).isLessThan(4L << 20);
		}
	}

	private Socket open() throws Exception {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8192);
		socket.setSoTimeout(60_000);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5_000);
		return socket;
	}

	private double timedOut() {
		return this.registry.get("glorot.responses.timed-out").counter().count();
	}

}
