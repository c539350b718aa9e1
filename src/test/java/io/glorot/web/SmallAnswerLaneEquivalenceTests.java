package io.glorot.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import io.glorot.GlorotApplication;
import io.glorot.testing.Gen;

import static io.glorot.testing.RandomCases.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The small-answer lane answers exactly as Spring MVC does: two instances of the service, one with the lane
 * ({@code glorot.connector.small-lane=true}, the default) and one without, get the same random requests (valid and
 * invalid: shapes, seeds, formats, dtypes, distributions, every tensor parameter, malformed and repeated
 * parameters, escapes, Accept, If-None-Match with the answer's tag and others, Range, HEAD, paths near
 * {@code /v1/weights}) over real HTTP, and must answer each with the same status line, the same header lines in the
 * same order (but {@code Date}) and the same body bytes; afterwards their request and tensor meters must hold the same
 * counts. A request without a seed gets a drawn one, different on each instance: it is compared without its seed,
 * tag, length and body, and the same request with the drawn seed is then compared in full.
 */
class SmallAnswerLaneEquivalenceTests {

	private static ConfigurableApplicationContext lane;

	private static ConfigurableApplicationContext mvc;

	/** Requests for /v1/weights that reached the DispatcherServlet of each instance. */
	private static final AtomicInteger laneDispatched = new AtomicInteger();

	private static final AtomicInteger mvcDispatched = new AtomicInteger();

	private static final Pattern COUNTS = Pattern
		.compile("(?m)^((?:http_server_requests_seconds_count|glorot_[a-z_]+_total)\\{[^}]*\\}) (\\S+)$");

	@BeforeAll
	static void start() {
		lane = start(true, laneDispatched);
		mvc = start(false, mvcDispatched);
	}

	@AfterAll
	static void stop() {
		if (lane != null) {
			lane.close();
		}
		if (mvc != null) {
			mvc.close();
		}
	}

	private static ConfigurableApplicationContext start(boolean smallLane, AtomicInteger dispatched) {
		// arguments, so that they win over application.properties (builder properties are only defaults). The
		// welcome page's handler mapping warns of each malformed Accept header sent to a path it might serve; the
		// random requests send such headers on purpose.
		return new SpringApplicationBuilder(GlorotApplication.class)
			.listeners((ApplicationListener<ServletRequestHandledEvent>) (event) -> {
				if (event.getRequestUrl().equals("/v1/weights")) {
					dispatched.incrementAndGet();
				}
			})
			.run("--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
					"--management.server.address=127.0.0.1", "--glorot.connector.small-lane=" + smallLane,
					"--logging.level.org.springframework.boot.webmvc.autoconfigure.WelcomePageHandlerMapping=ERROR");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static final int CASES = 400;

	@Test
	void randomRequestsShouldGetTheSameAnswersWithAndWithoutTheLane() throws Exception {
		// each case draws its requests from a generator seeded by one recorded draw, so a failure names it
		check(CASES, (draw) -> oneCase(new SplittableRandom(draw.anyLong())));
		assertSameMeters();
	}

	/** One random request (and, for some, a conditional one with the answer's tag), to both instances. */
	private static void oneCase(SplittableRandom random) throws IOException {
		String target = target(random);
		String method = (random.nextInt(10) == 0) ? "HEAD" : "GET";
		List<String> headers = headers(random);
		Exchange first = exchange(method, target, headers);
		if (random.nextInt(3) == 0 && first.lane.status == 200 && first.lane.header("ETag") != null) {
			// conditional requests with the answer's own tag, and near misses
			String tag = first.lane.header("ETag");
			String condition = pick(tag, "W/" + tag, "*", "\"0123\"", tag + ", \"0123\"", "\"0123\", " + tag,
					tag.substring(1, tag.length() - 1)).next(random);
			List<String> conditional = new ArrayList<>(headers);
			conditional.add("If-None-Match: " + condition);
			if (random.nextInt(4) == 0) {
				conditional.add("If-None-Match: " + pick(tag, "\"0123\"").next(random));
			}
			exchange(method, target, conditional);
		}
	}

	private static void assertSameMeters() throws Exception {
		// both instances have seen the same requests: the same series, the same counts
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counts(lane)).isEqualTo(counts(mvc)));
		assertThat(counts(lane)).anyMatch((line) -> line.contains("status=\"200\"") && line.contains("lane=\"small\""))
			.anyMatch((line) -> line.contains("status=\"304\""))
			.anyMatch((line) -> line.contains("status=\"400\""))
			.anyMatch((line) -> line.contains("status=\"406\""))
			.anyMatch((line) -> line.startsWith("glorot_tensors_served_total"));
		// and the lane did answer: many requests never reached Spring MVC
		assertThat(mvcDispatched.get() - laneDispatched.get()).isGreaterThanOrEqualTo(50);
	}

	/** Sends a request to both instances and compares the answers; returns them. */
	private static Exchange exchange(String method, String target, List<String> headers) throws IOException {
		Answer withLane = send(port(lane), method, target, headers);
		Answer withoutLane = send(port(mvc), method, target, headers);
		String request = method + " " + target + " " + headers;
		assertThat(withLane.statusLine).as(request).isEqualTo(withoutLane.statusLine);
		// an answer (200, 206 or 304) to a request without a seed names a seed drawn for it, different on each instance
		String seed = withLane.header("Tensor-Seed");
		boolean drawn = withLane.header("ETag") != null && "no-store".equals(withLane.header("Cache-Control"));
		if (!drawn) {
			assertThat(withLane.headers).as(request).isEqualTo(withoutLane.headers);
			assertThat(withLane.body).as(request).isEqualTo(withoutLane.body);
			return new Exchange(withLane, withoutLane);
		}
		// a JSON answer's length depends on the values and the seed's digits
		assertThat(withLane.headersBut("Tensor-Seed", "ETag", "Content-Length")).as(request)
			.isEqualTo(withoutLane.headersBut("Tensor-Seed", "ETag", "Content-Length"));
		if (seed != null) {
			// the same request with the seed the lane drew: every byte again
			String separator = target.contains("?") ? "&" : "?";
			exchange(method, target + separator + "seed=" + seed, headers);
		}
		return new Exchange(withLane, withoutLane);
	}

	private static String target(SplittableRandom random) {
		// half the cases use valid values only, so that most of them are answered (by the lane, when small)
		boolean valid = random.nextBoolean();
		String path = valid ? "/v1/weights" : pick("/v1/weights", "/v1/weights", "/v1/weights",
				"/v1/weights/", "/v1/weights;x=1", "/v1//weights", "/v1/weights%2F", "/V1/weights").next(random);
		List<String> parameters = new ArrayList<>();
		add(parameters, random, 9, "shape", values(random, valid, List.of("16,16", "2,3", "4", "3,4,5", "64,64",
				"1,1,1,1", "128,128", "200,200"), List.of("0,4", "-1", "abc", "", "4,,4", "99999999999,99999999999",
						"2,3,4,5,6,7,8,9,10")));
		add(parameters, random, 6, "seed", values(random, valid, List.of("0", "1", "42", "18446744073709551615", "007"),
				List.of("18446744073709551616", "-1", "x", "", "+5")));
		add(parameters, random, 5, "format", values(random, valid, List.of("json", "raw", "npy", "safetensors"),
				List.of("RAW", "bogus", "")));
		add(parameters, random, 3, "dtype", values(random, valid, List.of("float32", "float64", "float16", "bfloat16"),
				List.of("int8", "")));
		add(parameters, random, 3, "distribution",
				values(random, valid, List.of("uniform", "normal", "truncated_normal"), List.of("gaussian")));
		add(parameters, random, 2, "gain", values(random, valid, List.of("1", "0.5", "2e3"),
				List.of("-1", "nan", "1e400", "x")));
		add(parameters, random, 2, "nonlinearity",
				values(random, valid, List.of("relu", "tanh", "leaky_relu", "selu"), List.of("swish")));
		add(parameters, random, 1, "negativeSlope", values(random, valid, List.of("0.01", "0.2"), List.of("1e200", "x")));
		add(parameters, random, 2, "mode",
				values(random, valid, List.of("fan_avg", "fan_in", "fan_out"), List.of("fan_sum")));
		add(parameters, random, 2, "layout", values(random, valid, List.of("torch", "keras", "jax"), List.of("tf")));
		add(parameters, random, 1, "fanIn", values(random, valid, List.of("1", "16"), List.of("0", "-3",
				"9007199254740993")));
		add(parameters, random, 1, "fanOut", values(random, valid, List.of("1", "16"), List.of("0", "x")));
		add(parameters, random, 2, "name", values(random, valid, List.of("w", "layer%201", "%C3%A9t%C3%A9", "a/b"),
				List.of("")));
		add(parameters, random, 2, "slice", values(random, valid, List.of("0:2", "0:1,1:2", ":"), List.of("5:1", "x")));
		add(parameters, random, 2, "generator",
				values(random, valid, List.of("philox", "torch", "numpy"), List.of("mt")));
		add(parameters, random, 1, "torchCpu", values(random, valid, List.of("avx2", "default"), List.of("x")));
		if (!valid) {
			add(parameters, random, 1, "unknown", pick("1"));
			if (random.nextInt(8) == 0 && !parameters.isEmpty()) {
				parameters.add(parameters.get(random.nextInt(parameters.size())));
			}
			if (random.nextInt(10) == 0) {
				parameters.add(pick("shape=%ZZ", "seed=%FF", "=1", "&&", "shape", "a=%").next(random));
			}
		}
		java.util.Collections.shuffle(parameters, new java.util.Random(random.nextLong()));
		return parameters.isEmpty() && random.nextBoolean() ? path : path + "?" + String.join("&", parameters);
	}

	/** A valid value, or (in a case that may be invalid) now and then an invalid one. */
	private static Gen<String> values(SplittableRandom random, boolean valid, List<String> good,
			List<String> bad) {
		return (valid || random.nextInt(4) != 0) ? pick(good) : pick(bad);
	}

	private static Gen<String> pick(String... values) {
		return Gen.of(values);
	}

	private static Gen<String> pick(List<String> values) {
		return Gen.of(values);
	}

	private static void add(List<String> parameters, SplittableRandom random, int tenths, String name,
			Gen<String> values) {
		if (random.nextInt(10) < tenths) {
			parameters.add(name + "=" + values.next(random));
		}
	}

	private static List<String> headers(SplittableRandom random) {
		List<String> headers = new ArrayList<>();
		if (random.nextInt(3) == 0) {
			headers.add("Accept: " + pick("application/octet-stream", "application/x-npy",
					"application/x-safetensors", "application/json", "*/*", "application/*", "text/html",
					"application/json;q=0, */*", "application/x-npy;q=0.5, application/octet-stream", "a/b/c;q=x", "")
				.next(random));
		}
		if (random.nextInt(12) == 0) {
			headers.add("Range: " + pick("bytes=0-3", "bytes=4-", "bytes=-8", "bytes=100-50", "items=0-1")
				.next(random));
		}
		if (random.nextInt(12) == 0) {
			headers.add(pick("If-Match: \"0123\"", "If-Modified-Since: Mon, 30 Nov 2026 00:00:00 GMT",
					"If-Unmodified-Since: Mon, 30 Nov 2026 00:00:00 GMT", "If-None-Match: \"0123\"", "Content-Length: 0",
					"Origin: https://example.org").next(random));
		}
		return headers;
	}

	/** The Prometheus counts that must be equal: every {@code http.server.requests} series and glorot's counters. */
	private static TreeSet<String> counts(ConfigurableApplicationContext context) throws Exception {
		String port = context.getEnvironment().getProperty("local.management.port");
		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		TreeSet<String> counts = new TreeSet<>();
		Matcher matcher = COUNTS.matcher(scrape.body());
		while (matcher.find()) {
			// bytes written differ by the answers to requests without a seed (JSON text of other values)
			if (!matcher.group(1).contains("/actuator") && !matcher.group(1).startsWith("glorot_bytes_written")) {
				counts.add(matcher.group(1) + " " + matcher.group(2));
			}
		}
		return counts;
	}

	/** One request over a connection of its own ({@code Connection: close}), read to its end. */
	private static Answer send(int port, String method, String target, List<String> headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(30_000);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
				.append("Host: localhost\r\nConnection: close\r\n");
			headers.forEach((header) -> request.append(header).append("\r\n"));
			OutputStream out = socket.getOutputStream();
			out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			return Answer.parse(all.toByteArray());
		}
	}

	private record Exchange(Answer lane, Answer mvc) {
	}

	/** An answer as it came over the wire: status line, header lines but Date in order, the bytes after them. */
	private record Answer(String statusLine, int status, List<String> headers, byte[] body) {

		static Answer parse(byte[] bytes) {
			int end = -1;
			for (int i = 0; i + 3 < bytes.length; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
					end = i;
					break;
				}
			}
			assertThat(end).as("the end of the header section").isPositive();
			List<String> lines = List.of(new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n"));
			List<String> headers = lines.subList(1, lines.size())
				.stream()
				.filter((line) -> !line.regionMatches(true, 0, "Date:", 0, 5))
				.toList();
			return new Answer(lines.get(0), Integer.parseInt(lines.get(0).split(" ")[1]), headers,
					Arrays.copyOfRange(bytes, end + 4, bytes.length));
		}

		String header(String name) {
			return this.headers.stream()
				.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
				.map((line) -> line.substring(name.length() + 1).strip())
				.findFirst()
				.orElse(null);
		}

		List<String> headersBut(String... names) {
			return this.headers.stream()
				.filter((line) -> Arrays.stream(names)
					.noneMatch((name) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1)))
				.toList();
		}

	}

}
