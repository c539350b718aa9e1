package io.glorot.web.histogram;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code /v1/weights/histogram} and the landing page, over HTTP against the whole application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "glorot.limits.max-elements=100000")
class HistogramIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Test
	void histogramWhenNoAcceptShouldBeSvgOfTheTensor() throws Exception {
		HttpResponse<byte[]> response = get("/v1/weights/histogram?shape=256,384&seed=42&distribution=normal", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/svg+xml;charset=UTF-8");
		assertThat(response.headers().firstValue("Tensor-Shape")).hasValue("256,384");
		assertThat(response.headers().firstValue("Tensor-Seed")).hasValue("42");
		assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
		assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
		assertThat(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent())
			.isEqualTo("normal weights, shape 256\u00d7384, float32, seed 42");
	}

	@Test
	void histogramWhenAcceptJsonShouldGiveCountsAndStatistics() throws Exception {
		HttpResponse<byte[]> response = get("/v1/weights/histogram?shape=3,4&seed=42&bins=10", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.get("seed").asLong()).isEqualTo(42);
		assertThat(answer.get("bound").asDouble()).isEqualTo(0.9258200997725514);
		JsonNode histogram = answer.get("histogram");
		assertThat(histogram.get("bins").asInt()).isEqualTo(10);
		assertThat(histogram.get("low").asDouble()).isEqualTo(-0.9258200997725514);
		long sum = 0;
		double expected = 0;
		for (int b = 0; b < 10; b++) {
			sum += histogram.get("counts").get(b).asLong();
			expected += histogram.get("expected").get(b).asDouble();
		}
		assertThat(sum).isEqualTo(12);
		assertThat(expected).isCloseTo(12.0, org.assertj.core.data.Offset.offset(1e-12));
		JsonNode statistics = answer.get("statistics");
		assertThat(statistics.get("count").asLong()).isEqualTo(12);
		// the first and largest of the 12 known values of shape 3,4 seed 42
		assertThat((float) statistics.get("min").asDouble()).isEqualTo(-0.7902213f);
		assertThat((float) statistics.get("max").asDouble()).isEqualTo(0.90307945f);
	}

	@Test
	void histogramWhenFormatGivenShouldOverrideAccept() throws Exception {
		HttpResponse<byte[]> response = get("/v1/weights/histogram?shape=3,4&seed=1&format=json", "image/svg+xml");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		response = get("/v1/weights/histogram?shape=3,4&seed=1", "application/json;q=0.5, image/svg+xml");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/svg+xml;charset=UTF-8");
	}

	@Test
	void histogramWhenBadInputShouldBeProblemsNamingTheParameter() throws Exception {
		assertProblem("/v1/weights/histogram?shape=3,4&bins=9", null, 400, "invalid-parameter", "bins");
		assertProblem("/v1/weights/histogram?shape=3,4&bins=201", null, 400, "invalid-parameter", "bins");
		assertProblem("/v1/weights/histogram?shape=3,4&bins=x", null, 400, "invalid-parameter", "bins");
		assertProblem("/v1/weights/histogram?shape=3,4&format=npy", null, 400, "invalid-parameter", "format");
		assertProblem("/v1/weights/histogram?shape=3,4&binz=5", null, 400, "unknown-parameter", "binz");
		assertProblem("/v1/weights/histogram?seed=1", null, 400, "missing-parameter", "shape");
		assertProblem("/v1/weights/histogram?shape=3,4&slice=0:4,:", null, 400, "invalid-slice", "slice");
		assertProblem("/v1/weights/histogram?shape=3,4", "text/csv", 406, "not-acceptable", "Accept");
		JsonNode tooMany = assertProblem("/v1/weights/histogram?shape=1000,101", "image/svg+xml", 400,
				"too-many-elements", "shape");
		assertThat(tooMany.get("maxElements").asLong()).isEqualTo(100000);
	}

	@Test
	void histogramWhenSliceShouldCountTheSlice() throws Exception {
		JsonNode answer = JSON.readTree(get("/v1/weights/histogram?shape=1000,1000&slice=0:10,:&seed=3&format=json", null).body());
		assertThat(answer.get("statistics").get("count").asLong()).isEqualTo(10_000);
		assertThat(answer.get("slice").asString()).isEqualTo("0:10,0:1000");
	}

	@Test
	void landingPageShouldBeServedAtTheRoot() throws Exception {
		HttpResponse<byte[]> page = get("/", "text/html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(html).contains("<label for=\"shape\">", "href=\"/swagger-ui.html\"", "src=\"app.js\"");
		assertThat(get("/app.js", null).statusCode()).isEqualTo(200);
		assertThat(get("/app.css", null).statusCode()).isEqualTo(200);
	}

	@Test
	void openApiShouldDescribeTheHistogram() throws Exception {
		JsonNode api = JSON.readTree(get("/v3/api-docs", "application/json").body());
		JsonNode operation = api.get("paths").get("/v1/weights/histogram").get("get");
		assertThat(operation.get("operationId").asString()).isEqualTo("getHistogram");
		assertThat(operation.get("parameters").findValuesAsString("name")).contains("shape", "slice", "bins", "format");
		assertThat(operation.get("responses").get("200").get("content").propertyNames()).contains("image/svg+xml",
				"application/json");
	}

	private JsonNode assertProblem(String path, String accept, int status, String type, String parameter)
			throws Exception {
		HttpResponse<byte[]> response = get(path, accept);
		assertThat(response.statusCode()).as(path).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:" + type);
		assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
		return problem;
	}

	private HttpResponse<byte[]> get(String path, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
