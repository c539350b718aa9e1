package io.glorot.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transport errors as problems (issue 16): what the connector refuses (an unknown transfer coding, CONNECT, an
 * HTTP version it does not speak, a malformed chunked body, a body that never ends) is an
 * {@code application/problem+json} answer with its own type, never {@code internal-error}, and after a 408 the
 * connection is closed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.tomcat.connection-timeout=2s")
class TransportProblemsIntegrationTests {

	private static final String POST = "POST /v1/weights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

	@LocalServerPort
	private int port;

	@Test
	void unknownTransferCodingsAndConnectShouldBeNotImplemented() throws Exception {
		for (String request : new String[] { POST + "Transfer-Encoding: xchunked\r\n\r\n",
				POST + "Transfer-Encoding: gzip, chunked\r\n\r\n", "CONNECT example.org:443 HTTP/1.1\r\nHost: x\r\n\r\n" }) {
			assertProblem(exchange(request), 501, "not-implemented");
		}
	}

	@Test
	void otherHttpVersionsShouldBeVersionNotSupported() throws Exception {
		for (String version : new String[] { "HTTP/2.0", "HTTP/9.9" }) {
			assertProblem(exchange("GET /v1/weights?shape=2,2 " + version + "\r\nHost: x\r\n\r\n"), 505,
					"http-version-not-supported");
		}
	}

	@Test
	void malformedChunkedBodiesShouldBeBadRequestProblems() throws Exception {
		String chunked = POST + "Transfer-Encoding: chunked\r\n\r\n";
		for (String body : new String[] { "zz\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n",
				"1000000000000000000\r\n{}\r\n0\r\n\r\n",
				"2;" + "x".repeat(10_000) + "\r\n{}\r\n0\r\n\r\n",
				"2\r\n{}\r\n0\r\n" + ("X-Trailer: " + "y".repeat(1000) + "\r\n").repeat(100) + "\r\n" }) {
			String answer = exchange(chunked + body);
			assertThat(status(answer)).as(body.substring(0, Math.min(20, body.length()))).isEqualTo(400);
			assertThat(answer).contains("Content-Type: application/problem+json");
			assertThat(answer).contains("urn:glorot:problem:malformed-request").contains("Connection: close");
		}
	}

	@Test
	void bodyThatNeverEndsShouldBeRequestTimeoutAndClosed() throws Exception {
		// a declared length never reached, and a chunk shorter than its size (16 bytes declared, 7 sent)
		for (String request : new String[] { POST + "Content-Length: 100\r\n\r\n{\"shape\":",
				POST + "Transfer-Encoding: chunked\r\n\r\n10\r\n{}\r\n0\r\n\r\n" }) {
			String answer = exchange(request);
			assertProblem(answer, 408, "request-timeout");
			// exchange() reads until the server closes: the connection does not stay open
			assertThat(answer).contains("Connection: close");
		}
	}

	private static void assertProblem(String answer, int status, String type) {
		assertThat(status(answer)).as(answer).isEqualTo(status);
		assertThat(answer).contains("Content-Type: application/problem+json")
			.contains("\"type\":\"urn:glorot:problem:" + type + "\"")
			.doesNotContain("internal-error");
	}

	private static int status(String answer) {
		return Integer.parseInt(answer.substring(9, 12));
	}

	/** Sends a request and reads until the server closes the connection (bounded by the socket timeout). */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5_000);
			socket.setSoTimeout(15_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			byte[] buffer = new byte[8192];
			try {
				for (int n; (n = in.read(buffer)) >= 0;) {
					answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
				}
			}
			catch (java.net.SocketException ex) {
				// a reset after the answer
			}
			return answer.toString();
		}
	}

}
