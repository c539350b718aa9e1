package io.glorot.observe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces over real OTLP/HTTP: with tracing switched on by properties, the service exports a server span per API
 * answer to a real OTLP receiver on loopback (an HTTP endpoint in this test that decodes the protobuf
 * {@code ExportTraceServiceRequest}s the exporter sends), with the answer's tensor attributes and admission lane;
 * a client's W3C {@code traceparent} makes the span a child of the client's span, in the client's trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.export.enabled=true", "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms", "spring.main.banner-mode=off",
				"logging.level.root=WARN" })
class TracingIntegrationTests {

	private static final ConcurrentLinkedQueue<Span> received = new ConcurrentLinkedQueue<>();

	private static final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();

	private static HttpServer receiver;

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void otlpReceiver(DynamicPropertyRegistry registry) throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/v1/traces", TracingIntegrationTests::receive);
		receiver.start();
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
				() -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	private static void receive(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
			for (ResourceSpans resource : request.getResourceSpansList()) {
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					received.addAll(scope.getSpansList());
				}
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
	}

	@Test
	void answersWhenTracingIsOnShouldExportASpanEachWithTensorAndLaneInTheClientsTrace() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String parentId = "00f067aa0ba902b7";
		HttpResponse<byte[]> streamed = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/weights?shape=512,1024&seed=7&format=raw"))
			.header("traceparent", "00-" + traceId + "-" + parentId + "-01")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(streamed.statusCode()).isEqualTo(200);
		HttpResponse<byte[]> small = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/weights?shape=8,8&seed=42&format=npy"))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(small.statusCode()).isEqualTo(200);

		Span large = await().atMost(Duration.ofSeconds(20)).until(() -> find("512,1024"), (span) -> span != null);
		assertThat(HexFormat.of().formatHex(large.getTraceId().toByteArray())).isEqualTo(traceId);
		assertThat(HexFormat.of().formatHex(large.getParentSpanId().toByteArray())).isEqualTo(parentId);
		assertThat(large.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(attributes(large)).containsEntry("tensor.seed", "7")
			.containsEntry("tensor.shape", "512,1024")
			.containsEntry("tensor.dtype", "float32")
			.containsEntry("tensor.format", "raw")
			.containsEntry("tensor.generator", "philox4x32-10/v1")
			.containsEntry("http.request.method", "GET")
			.containsEntry("url.path", "/v1/weights")
			.containsEntry("http.response.status_code", "200")
			.containsEntry("http.response.body.size", Integer.toString(streamed.body().length))
			.containsEntry("glorot.lane", "large")
			.containsEntry("lane", "large")
			.containsKey("duration_ms");

		Span smallSpan = await().atMost(Duration.ofSeconds(20)).until(() -> find("8,8"), (span) -> span != null);
		// no traceparent: a trace of its own, with no parent
		assertThat(HexFormat.of().formatHex(smallSpan.getTraceId().toByteArray())).isNotEqualTo(traceId);
		assertThat(smallSpan.getParentSpanId().isEmpty()).isTrue();
		assertThat(attributes(smallSpan)).containsEntry("tensor.format", "npy")
			.containsEntry("lane", "small")
			.containsEntry("http.response.body.size", Integer.toString(small.body().length));
		assertThat(contentTypes).allMatch((type) -> type.startsWith("application/x-protobuf"));
	}

	private static Span find(String shape) {
		return received.stream()
			.filter((span) -> shape.equals(attributes(span).get("tensor.shape")))
			.findFirst()
			.orElse(null);
	}

	private static Map<String, String> attributes(Span span) {
		List<KeyValue> attributes = span.getAttributesList();
		return attributes.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (kv) -> kv.getValue().getStringValue(), (a, b) -> b));
	}

}
