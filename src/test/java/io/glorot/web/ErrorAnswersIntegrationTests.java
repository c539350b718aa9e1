package io.glorot.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.web.admission.AdmissionControl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error answers are never weights (issue 16): a 503 from admission, a 500 before the headers are sent, a 413, a 406
 * and a 416 carry none of the tensor's headers (ETag, immutable Cache-Control, Tensor-*, its Content-Length); a 500
 * after the headers are sent cuts the connection, so the client sees a truncated transfer; after a 413 the
 * connection is closed, and a refused {@code Expect: 100-continue} body is never invited.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "glorot.admission.max-generations=1", "server.tomcat.connection-timeout=5s" })
@Import(ErrorAnswersIntegrationTests.FailingStream.class)
class ErrorAnswersIntegrationTests {

	private static final String HUGE = "/v1/weights?shape=4096,4096&seed=7&format=raw";

	@LocalServerPort
	private int port;

	@Test
	void overloadedAnswerShouldCarryNoneOfTheTensorsHeaders() throws Exception {
		try (RawHttp first = RawHttp.open(this.port).get(HUGE)) {
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.header("ETag")).isNotNull();
			try (RawHttp second = RawHttp.open(this.port).get(HUGE)) {
				assertThat(second.status()).isEqualTo(503);
				assertProblemWithoutTensorHeaders(second, "urn:glorot:problem:overloaded");
				assertThat(second.header("Retry-After")).isEqualTo("1");
			}
			first.abort();
		}
	}

	@Test
	void notAcceptableAndRangeNotSatisfiableShouldCarryNoneOfTheTensorsHeaders() throws Exception {
		try (RawHttp notAcceptable = RawHttp.open(this.port)
			.send(request("GET /v1/weights?shape=2,2&seed=1 HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"))) {
			assertThat(notAcceptable.status()).isEqualTo(406);
			assertProblemWithoutTensorHeaders(notAcceptable, "urn:glorot:problem:not-acceptable");
		}
		try (RawHttp range = RawHttp.open(this.port).send(request(
				"GET /v1/weights?shape=2,2&seed=1&format=raw HTTP/1.1\r\nHost: x\r\nRange: bytes=999-\r\n\r\n"))) {
			assertThat(range.status()).isEqualTo(416);
			assertProblemWithoutTensorHeaders(range, "urn:glorot:problem:range-not-satisfiable");
		}
	}

	@Test
	void bodyTooLargeShouldBeAProblemAndCloseTheConnection() throws Exception {
		try (RawHttp tooLarge = RawHttp.open(this.port)
			.send(request("POST /v1/weights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 2000000\r\n\r\n{\"shape\":"))) {
			assertThat(tooLarge.status()).isEqualTo(413);
			assertProblemWithoutTensorHeaders(tooLarge, "urn:glorot:problem:body-too-large");
			assertThat(tooLarge.header("Connection")).isEqualTo("close");
			// the server closes (after reading at most server.tomcat.max-swallow-size, here until its 5 s timeout)
			assertThat(tooLarge.drain()).isZero();
		}
	}

	@Test
	void expectContinueAboveTheLimitShouldGet413WithoutContinue() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5_000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(request("POST /v1/weights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1000000000\r\nExpect: 100-continue\r\n\r\n"));
			String answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
			assertThat(answer).contains("Connection: close").contains("urn:glorot:problem:body-too-large");
		}
	}

	@Test
	void failureBeforeTheHeadersAreSentShouldBeAProblemWithoutTheTensorsHeadersAndOneErrorLine() throws Exception {
		List<ILoggingEvent> errors = captureErrors(() -> {
			try (RawHttp failed = RawHttp.open(this.port).get("/test/failing-stream?after=0&length=true")) {
				assertThat(failed.status()).isEqualTo(500);
				assertProblemWithoutTensorHeaders(failed, "urn:glorot:problem:internal-error");
			}
		});
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).getThrowableProxy()).isNotNull();
	}

	@Test
	void failureAfterTheHeadersAreSentShouldCutTheConnection() throws Exception {
		for (boolean length : new boolean[] { true, false }) {
			List<ILoggingEvent> errors = captureErrors(() -> {
				try (RawHttp failed = RawHttp.open(this.port)
					.get("/test/failing-stream?after=" + (1 << 20) + "&length=" + length)) {
					assertThat(failed.status()).isEqualTo(200);
					if (length) {
						assertThat(failed.header("Content-Length")).isEqualTo(String.valueOf(FailingStream.LENGTH));
						assertThat(failed.drain()).isLessThan(FailingStream.LENGTH);
					}
					else {
						assertThat(failed.header("Transfer-Encoding")).isEqualTo("chunked");
						// the chunked body ends without its last chunk: the stream just closes
						byte[] rest = readToEnd(failed);
						String tail = new String(rest, rest.length - 5, 5, StandardCharsets.ISO_8859_1);
						assertThat(tail).isNotEqualTo("0\r\n\r\n");
					}
				}
			});
			assertThat(errors).hasSize(1);
		}
	}

	private static void assertProblemWithoutTensorHeaders(RawHttp answer, String type) throws IOException {
		assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(answer.header("ETag")).isNull();
		assertThat(answer.header("Content-Disposition")).isNull();
		assertThat(answer.header("Accept-Ranges")).isNull();
		assertThat(String.valueOf(answer.header("Cache-Control"))).doesNotContain("immutable").doesNotContain("max-age");
		assertThat(answer.headerNames()).noneMatch((name) -> name.startsWith("tensor-"));
		String body = answer.body();
		assertThat(body).contains("\"type\":\"" + type + "\"");
		if (answer.header("Content-Length") != null) {
			assertThat(Long.parseLong(answer.header("Content-Length")))
				.isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	private static byte[] request(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] readToEnd(InputStream in) throws IOException {
		try {
			return in.readAllBytes();
		}
		catch (java.net.SocketException ex) {
			return new byte[0];
		}
	}

	private static byte[] readToEnd(RawHttp answer) throws IOException {
		return answer.readAll();
	}

	/** Runs an exchange with the unexpected-failure log captured instead of printed; returns its ERROR events. */
	private static List<ILoggingEvent> captureErrors(Exchange exchange) throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger("io.glorot.web.problem.ApiExceptionHandler");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		logger.setAdditive(false);
		try {
			exchange.run();
			// the failure is handled on the server while the client already reads the answer
			RawHttp.await(5, () -> !appender.list.isEmpty());
			Thread.sleep(100);
			return appender.list.stream().filter((event) -> event.getLevel() == Level.ERROR).toList();
		}
		finally {
			logger.setAdditive(true);
			logger.detachAppender(appender);
		}
	}

	@FunctionalInterface
	private interface Exchange {

		void run() throws Exception;

	}

	/**
	 * A stream that fails as a generator whose chunk fails would: after some bytes (or none), with the headers of a
	 * tensor answer. Only this test imports it.
	 */
	@RestController
	static class FailingStream {

		static final long LENGTH = 4L << 20;

		private final AdmissionControl admission;

		FailingStream(AdmissionControl admission) {
			this.admission = admission;
		}

		@GetMapping("/test/failing-stream")
		ResponseEntity<StreamingResponseBody> stream(@RequestParam long after, @RequestParam boolean length,
				HttpServletRequest request) {
			StreamingResponseBody body = this.admission.guard(request, 1 << 20, (out) -> {
				byte[] zeros = new byte[8192];
				for (long sent = 0; sent < after; sent += zeros.length) {
					out.write(zeros);
				}
				out.flush();
				throw new IllegalStateException("generating a chunk failed (on purpose, in a test)");
			});
			ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.eTag("\"tensor\"")
				.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
				.header("Tensor-Shape", "1024,1024")
				.header("Tensor-Dtype", "float32")
				.header("Content-Disposition", "attachment; filename=weights.raw")
				.header("Accept-Ranges", "bytes");
			if (length) {
				answer.contentLength(LENGTH);
			}
			return answer.body(body);
		}

	}

}
