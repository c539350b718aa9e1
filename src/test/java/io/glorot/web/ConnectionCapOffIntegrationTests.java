package io.glorot.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code glorot.connections.max-per-client=0} turns the per-client cap off, as the chart tells operators to do
 * behind a proxy (docs/deploy.md, "Proxies in front"), where every request comes from the proxy's few addresses:
 * 300 connections from one address, more than the default cap of 256, are all kept open and none is refused, and
 * the last of them is answered. Bounded: 300 sockets, a few seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "glorot.connections.max-per-client=0")
class ConnectionCapOffIntegrationTests {

	private static final int CONNECTIONS = 300;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void capOffShouldLetOneAddressHoldMoreThanTheDefaultCap() throws Exception {
		InetAddress proxy = InetAddress.getByName("127.0.0.5");
		double before = refused();
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				Socket socket = new Socket();
				socket.bind(new InetSocketAddress(proxy, 0));
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2_000);
				sockets.add(socket);
			}
			Socket last = sockets.get(CONNECTIONS - 1);
			last.setSoTimeout(5_000);
			last.getOutputStream()
				.write("GET /v1/weights?shape=2,2&format=raw&seed=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
			byte[] status = last.getInputStream().readNBytes(12);
			assertThat(new String(status, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
			// those past the default cap of 256 in particular are open
			for (Socket socket : sockets.subList(250, CONNECTIONS - 1)) {
				assertThat(closedByServer(socket)).isFalse();
			}
			assertThat(refused()).isEqualTo(before);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private static boolean closedByServer(Socket socket) throws IOException {
		socket.setSoTimeout(20);
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (java.net.SocketException ex) {
			return true;
		}
	}

	private double refused() {
		var counter = this.registry.find("glorot.transport.failures").tag("cause", "client-connection-limit").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
