package io.glorot.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The connection defence (issue 16), at a small scale against lowered limits: a request head that arrives one byte
 * at a time is cut at its deadline (2 s here), and a slowloris of 150 connections from one address (127.0.0.2)
 * against a connector that allows 120 gets at most 40 of them, so small requests from another address
 * (127.0.0.1) still answer at once. The cap counts exactly: of 45 connections from 127.0.0.3, the five beyond 40 are
 * refused and closed by the server, and once the 40 close the address is answered again. Bounded: at most 150
 * sockets at a time, about 15 s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "glorot.connections.header-timeout=2s", "glorot.connections.max-per-client=40",
				"server.tomcat.max-connections=120" })
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
			assertThat(closed).isTrue();
			assertThat(seconds).isGreaterThanOrEqualTo(1.5).isLessThan(8);
		}
		// the watchdog counts the cut after it closes the connection, so the client may see the close first
		assertThat(RawHttp.await(5, () -> failures("header-timeout") > before)).isTrue();
	}

	@Test
	void oneClientsSlowlorisShouldNotStopOthers() throws Exception {
		List<Socket> attack = new ArrayList<>();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		try {
			InetAddress attacker = InetAddress.getByName("127.0.0.2");
			for (int i = 0; i < 150; i++) {
				Socket socket = new Socket();
				socket.bind(new InetSocketAddress(attacker, 0));
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2_000);
				try {
					socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-a".getBytes(StandardCharsets.ISO_8859_1));
				}
				catch (IOException ex) {
					// refused by the per-client cap: closed at accept
				}
				attack.add(socket);
			}
			assertThat(RawHttp.await(5, () -> failures("client-connection-limit") >= 110)).isTrue();
			for (int i = 0; i < 20; i++) {
				long start = System.nanoTime();
				HttpResponse<byte[]> answer = http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/weights?shape=8,8&format=raw&seed=" + i))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(answer.body()).hasSize(256);
				assertThat((System.nanoTime() - start) / 1e9).isLessThan(2);
			}
		}
		finally {
			for (Socket socket : attack) {
				socket.close();
			}
			http.close();
		}
	}

	@Test
	void capShouldCountExactlyCloseWhatItRefusesAndReleaseAtClose() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.3");
		double before = failures("client-connection-limit");
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 45; i++) {
				Socket socket = new Socket();
				socket.bind(new InetSocketAddress(client, 0));
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2_000);
				sockets.add(socket);
			}
			assertThat(RawHttp.await(5, () -> failures("client-connection-limit") - before >= 5)).isTrue();
			// exactly the five beyond the cap are refused, and the server closes them (it used to leave them open)
			assertThat(failures("client-connection-limit") - before).isEqualTo(5);
			for (int i = 0; i < 45; i++) {
				assertThat(closedByServer(sockets.get(i))).as("connection %d", i).isEqualTo(i >= 40);
			}
			for (Socket socket : sockets) {
				socket.close();
			}
			// the count goes down at close: the address is answered again
			assertThat(RawHttp.await(5, () -> answered(client))).isTrue();
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private static boolean closedByServer(Socket socket) throws IOException {
		socket.setSoTimeout(50);
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	private boolean answered(InetAddress client) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(client, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2_000);
			socket.setSoTimeout(2_000);
			socket.getOutputStream()
				.write("GET /v1/weights?shape=2,2&format=raw&seed=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
			byte[] status = socket.getInputStream().readNBytes(12);
			return new String(status, StandardCharsets.ISO_8859_1).equals("HTTP/1.1 200");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private double failures(String cause) {
		return this.registry.get("glorot.transport.failures").tag("cause", cause).counter().count();
	}

}
