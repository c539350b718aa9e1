package io.glorot.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP semantics of binary answers over real HTTP: exact lengths, strong ETags and 304, caching, single byte
 * ranges (206, 416), HEAD, and clients that go away mid-answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class HttpSemanticsIntegrationTests {

	private static final String RAW = "/v1/weights?shape=300,200&seed=9&distribution=normal&format=raw";

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void etagShouldBeStrongStableAndSpellingIndependent() throws Exception {
		HttpResponse<byte[]> viaFormat = get(RAW);
		String etag = viaFormat.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).matches("\"[0-9a-f]{32}\"");
		HttpResponse<byte[]> viaAccept = send(HttpRequest
			.newBuilder(uri("/v1/weights?shape=300,200&seed=9&distribution=normal&gain=1&mode=fan_avg&layout=torch"))
			.header("Accept", "application/octet-stream"));
		assertThat(viaAccept.headers().firstValue("ETag")).hasValue(etag);
		assertThat(get("/v1/weights?shape=300,200&seed=10&distribution=normal&format=raw").headers().firstValue("ETag"))
			.isNotEqualTo(etag);
		assertThat(get("/v1/weights?shape=300,200&seed=9&distribution=normal&format=npy").headers().firstValue("ETag"))
			.isNotEqualTo(etag);
		assertThat(viaFormat.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
		assertThat(viaFormat.headers().firstValue("Accept-Ranges")).hasValue("bytes");
	}

	@Test
	void ifNoneMatchShouldAnswer304WithoutBody() throws Exception {
		String etag = get(RAW).headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(RAW)).header("If-None-Match", etag));
		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("ETag")).hasValue(etag);
		assertThat(send(HttpRequest.newBuilder(uri(RAW)).header("If-None-Match", "\"other\"")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void drawnSeedShouldNotBeCached() throws Exception {
		assertThat(get("/v1/weights?shape=4,4&format=raw").headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void rangeShouldAnswerExactlyThoseBytes() throws Exception {
		byte[] whole = get(RAW).body();
		assertThat(whole).hasSize(300 * 200 * 4);
		assertRange(RAW, "bytes=0-99", whole, 0, 100);
		assertRange(RAW, "bytes=1001-70001", whole, 1001, 70002);
		assertRange(RAW, "bytes=-10", whole, whole.length - 10, whole.length);
		assertRange(RAW, "bytes=239990-", whole, 239990, whole.length);
		assertRange(RAW, "bytes=239990-99999999", whole, 239990, whole.length);
		String npy = RAW.replace("format=raw", "format=npy");
		byte[] wholeNpy = get(npy).body();
		assertRange(npy, "bytes=100-300", wholeNpy, 100, 301);
	}

	@Test
	void rangeThatCannotBeMetShouldAnswer416OrWholeAnswer() throws Exception {
		HttpResponse<byte[]> beyond = send(HttpRequest.newBuilder(uri(RAW)).header("Range", "bytes=240000-"));
		assertThat(beyond.statusCode()).isEqualTo(416);
		assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */240000");
		assertThat(beyond.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(send(HttpRequest.newBuilder(uri(RAW)).header("Range", "bytes=0-1,5-6")).statusCode()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(uri(RAW)).header("Range", "items=0-1")).statusCode()).isEqualTo(200);
		HttpResponse<byte[]> stale = send(
				HttpRequest.newBuilder(uri(RAW)).header("Range", "bytes=0-9").header("If-Range", "\"stale\""));
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.body()).hasSize(240000);
	}

	@Test
	void headShouldDescribeWithoutBody() throws Exception {
		HttpResponse<byte[]> head = send(
				HttpRequest.newBuilder(uri(RAW)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Content-Length")).hasValue("240000");
		assertThat(head.body()).isEmpty();
	}

	@Test
	void clientGoingAwayShouldBeCountedWithoutErrorLog(CapturedOutput output) throws Exception {
		double before = abortedCount();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /v1/weights?shape=8192,8192&seed=1&format=raw HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			socket.setSoTimeout(20_000);
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1 << 16];
			long read = 0;
			while (read < (1 << 20)) {
				int n = in.read(buffer);
				assertThat(n).as("bytes read before the answer ended").isPositive();
				read += n;
			}
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (abortedCount() <= before && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(abortedCount()).isGreaterThan(before);
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("Connection reset by peer");
	}

	private double abortedCount() throws Exception {
		String prometheus = new String(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort
				+ "/actuator/prometheus"))).body(), StandardCharsets.UTF_8);
		Matcher m = Pattern.compile("(?m)^glorot_responses_aborted_total(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(prometheus);
		return m.find() ? Double.parseDouble(m.group(2)) : 0;
	}

	private void assertRange(String path, String range, byte[] whole, int from, int to) throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(path)).header("Range", range));
		assertThat(response.statusCode()).as(range).isEqualTo(206);
		assertThat(response.headers().firstValue("Content-Range")).as(range)
			.hasValue("bytes " + from + "-" + (to - 1) + "/" + whole.length);
		assertThat(response.headers().firstValueAsLong("Content-Length")).as(range).hasValue(to - from);
		assertThat(response.body()).as(range).containsExactly(Arrays.copyOfRange(whole, from, to));
	}

	private HttpResponse<byte[]> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)));
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
