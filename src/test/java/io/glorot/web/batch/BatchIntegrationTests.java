package io.glorot.web.batch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch endpoint against the running application: every tensor of a batch, in every format, equals the
 * single-tensor answer bit for bit; the files parse with readers written from the formats' specifications; every
 * violation is a 4xx problem naming the tensor.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "glorot.limits.max-batch-tensors=5", "glorot.limits.max-batch-elements=100000",
				"glorot.limits.max-json-elements=50000" })
class BatchIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Mixed parameters: defaults, overrides of each kind, every dtype, a slice. */
	private static final String MODEL = """
			{"seed": 1234567890123,
			 "defaults": {"distribution": "normal", "nonlinearity": "leaky_relu", "negativeSlope": 0.2},
			 "tensors": [
			  {"name": "encoder.0.weight", "shape": [64, 32]},
			  {"name": "encoder.0.bias", "shape": [64], "layout": "keras", "gain": 0.5, "dtype": "float64"},
			  {"name": "conv.weight", "shape": [8, 4, 3, 3], "nonlinearity": "relu", "dtype": "float16",
			   "distribution": "truncated_normal", "mode": "fan_in"},
			  {"name": "head.weight", "shape": [10, 64], "negativeSlope": 0.5, "slice": "2:7,:"},
			  {"name": "emb", "shape": [100, 16], "fanIn": 7, "fanOut": 9, "distribution": "uniform"}
			 ]}""";

	/** The single-tensor query of each tensor of {@link #MODEL}: same seed, name and parameters. */
	private static final Map<String, String> SINGLE = singles();

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private static Map<String, String> singles() {
		String common = "seed=1234567890123&distribution=normal&";
		Map<String, String> singles = new LinkedHashMap<>();
		singles.put("encoder.0.weight", common + "nonlinearity=leaky_relu&negativeSlope=0.2&shape=64,32");
		singles.put("encoder.0.bias", common + "layout=keras&gain=0.5&dtype=float64&shape=64");
		singles.put("conv.weight", "seed=1234567890123&nonlinearity=relu&dtype=float16&distribution="
				+ "truncated_normal&mode=fan_in&shape=8,4,3,3");
		singles.put("head.weight", common + "nonlinearity=leaky_relu&negativeSlope=0.5&shape=10,64&slice=2:7,:");
		singles.put("emb", "seed=1234567890123&nonlinearity=leaky_relu&negativeSlope=0.2&fanIn=7&fanOut=9"
				+ "&distribution=uniform&shape=100,16");
		return singles;
	}

	@Test
	void safetensorsWhenParsedFromTheSpecShouldHoldEachSingleTensorBitForBit() throws Exception {
		HttpResponse<byte[]> response = post(MODEL, "application/x-safetensors");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-safetensors");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		assertThat(response.headers().firstValue("Tensor-Seed")).hasValue("1234567890123");
		assertThat(response.headers().firstValue("Tensor-Count")).hasValue("5");
		Safetensors file = Safetensors.parse(response.body());
		assertThat(file.tensors().keySet()).containsExactlyElementsOf(SINGLE.keySet());
		for (Map.Entry<String, String> single : SINGLE.entrySet()) {
			HttpResponse<byte[]> raw = get(single.getValue() + "&name=" + single.getKey() + "&format=raw");
			assertThat(raw.statusCode()).isEqualTo(200);
			Safetensors.Tensor tensor = file.tensors().get(single.getKey());
			assertThat(tensor.data()).as(single.getKey()).isEqualTo(raw.body());
			assertThat(tensor.shape()).isEqualTo(raw.headers().firstValue("Tensor-Shape").orElseThrow());
		}
		assertThat(file.tensors().get("conv.weight").dtype()).isEqualTo("F16");
		assertThat(file.tensors().get("encoder.0.bias").dtype()).isEqualTo("F64");
		JsonNode metadata = file.metadata();
		assertThat(metadata.get("generator").stringValue()).isEqualTo("philox4x32-10/v1");
		assertThat(metadata.get("seed").stringValue()).isEqualTo("1234567890123");
		JsonNode described = JSON.readTree(metadata.get("tensors").stringValue());
		JsonNode head = described.get("head.weight");
		assertThat(head.get("slice").stringValue()).isEqualTo("2:7,0:64");
		assertThat(head.get("gain").doubleValue()).isEqualTo(Math.sqrt(2.0 / (1 + 0.5 * 0.5)));
		// the description regenerates the tensor: it equals the single JSON answer without the values
		JsonNode singleJson = JSON.readTree(get(SINGLE.get("emb") + "&name=emb").body());
		((tools.jackson.databind.node.ObjectNode) singleJson).remove("values");
		assertThat(described.get("emb")).isEqualTo(singleJson);
	}

	@Test
	void npzWhenReadByZipFileShouldHoldEachSingleNpyBitForBit(@TempDir Path dir) throws Exception {
		HttpResponse<byte[]> response = post(MODEL.replace("\"seed\"", "\"format\": \"npz\", \"seed\"")
			.replace("\"dtype\": \"float16\",", ""), null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-npz");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		Path file = dir.resolve("weights.npz");
		Files.write(file, response.body());
		try (ZipFile zip = new ZipFile(file.toFile())) {
			List<String> names = zip.stream().map(ZipEntry::getName).toList();
			assertThat(names).containsExactly("encoder.0.weight.npy", "encoder.0.bias.npy", "conv.weight.npy",
					"head.weight.npy", "emb.npy");
			for (Map.Entry<String, String> single : SINGLE.entrySet()) {
				String query = single.getValue().replace("&dtype=float16", "");
				HttpResponse<byte[]> npy = get(query + "&name=" + single.getKey() + "&format=npy");
				ZipEntry entry = zip.getEntry(single.getKey() + ".npy");
				assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
				byte[] bytes = zip.getInputStream(entry).readAllBytes();
				assertThat(bytes).as(single.getKey()).isEqualTo(npy.body());
				CRC32 crc = new CRC32();
				crc.update(bytes);
				assertThat(entry.getCrc()).isEqualTo(crc.getValue());
			}
		}
	}

	@Test
	void jsonWhenParsedShouldHoldEachSingleJsonAnswer() throws Exception {
		HttpResponse<byte[]> response = post(MODEL, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode batch = JSON.readTree(response.body());
		assertThat(batch.propertyNames()).containsExactlyElementsOf(SINGLE.keySet());
		for (Map.Entry<String, String> single : SINGLE.entrySet()) {
			byte[] answer = get(single.getValue() + "&name=" + single.getKey() + "&format=json").body();
			// bytes, not just trees: the entry is the single answer verbatim
			assertThat(JSON.writeValueAsString(batch.get(single.getKey())))
				.isEqualTo(JSON.writeValueAsString(JSON.readTree(answer)));
			assertThat(new String(response.body(), StandardCharsets.UTF_8))
				.contains(new String(answer, StandardCharsets.UTF_8));
		}
	}

	@Test
	void tensorWhenOthersAreAddedOrRemovedShouldNotChange() throws Exception {
		String one = "{\"seed\": 5, \"tensors\": [{\"name\": \"b\", \"shape\": [4, 4]}]}";
		String three = "{\"seed\": 5, \"tensors\": [{\"name\": \"a\", \"shape\": [9, 9]}, {\"name\": \"b\", "
				+ "\"shape\": [4, 4]}, {\"name\": \"c\", \"shape\": [2, 2]}]}";
		Safetensors alone = Safetensors.parse(post(one, "application/octet-stream").body());
		Safetensors among = Safetensors.parse(post(three, "application/octet-stream").body());
		assertThat(among.tensors().get("b").data()).isEqualTo(alone.tensors().get("b").data());
		assertThat(among.tensors().get("a").data()).isNotEqualTo(among.tensors().get("c").data());
	}

	@Test
	void seedWhenAbsentShouldBeDrawnOnceAndReported() throws Exception {
		HttpResponse<byte[]> response = post(
				"{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}, {\"name\": \"b\", \"shape\": [3, 3]}]}", null);
		String seed = response.headers().firstValue("Tensor-Seed").orElseThrow();
		JsonNode batch = JSON.readTree(response.body());
		assertThat(batch.get("a").get("seed").asString()).isEqualTo(seed);
		assertThat(batch.get("b").get("seed").asString()).isEqualTo(seed);
		byte[] again = get("shape=3,3&name=b&seed=" + seed).body();
		assertThat(batch.get("b")).isEqualTo(JSON.readTree(again));
	}

	@Test
	void formatWhenNegotiatedShouldFollowAcceptAndBeOverriddenByFormat() throws Exception {
		String body = "{\"seed\": 1, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}]}";
		assertThat(type(post(body, null))).startsWith("application/json");
		assertThat(type(post(body, "*/*"))).startsWith("application/json");
		assertThat(type(post(body, "application/octet-stream"))).isEqualTo("application/x-safetensors");
		assertThat(type(post(body, "application/x-npz"))).isEqualTo("application/x-npz");
		assertThat(type(post(body, "application/x-npz;q=0.5, application/x-safetensors")))
			.isEqualTo("application/x-safetensors");
		assertThat(type(post(body.replace("}]}", "}], \"format\": \"npz\"}"), "application/json")))
			.isEqualTo("application/x-npz");
		assertThat(type(send(body, "application/json", "?format=safetensors")))
			.isEqualTo("application/x-safetensors");
		assertThat(post(body, "image/png").statusCode()).isEqualTo(406);
	}

	@Test
	void violationsShouldBeProblemsNamingTheTensorAtFault() throws Exception {
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}, {\"name\": \"a\", \"shape\": [3, 2]}]}",
				null, 400, "invalid-parameter", "tensors[1].name");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}, {\"name\": \"\", \"shape\": [3, 2]}]}",
				null, 400, "invalid-parameter", "tensors[1].name");
		assertProblem("{\"tensors\": [{\"shape\": [2, 2]}]}", null, 400, "missing-parameter", "tensors[0].name");
		assertProblem("{\"tensors\": [{\"name\": \"" + "x".repeat(257) + "\", \"shape\": [2, 2]}]}", null, 400,
				"invalid-parameter", "tensors[0].name");
		assertProblem("{\"tensors\": [{\"name\": \"__metadata__\", \"shape\": [2, 2]}]}", null, 400,
				"invalid-parameter", "tensors[0].name");
		StringBuilder six = new StringBuilder("{\"tensors\": [");
		for (int i = 0; i < 6; i++) {
			six.append((i > 0) ? "," : "").append("{\"name\": \"t").append(i).append("\", \"shape\": [2, 2]}");
		}
		assertProblem(six.append("]}").toString(), null, 400, "too-many-tensors", "tensors");
		String big = "{\"tensors\": [{\"name\": \"a\", \"shape\": [200, 200]}, {\"name\": \"b\", \"shape\": [300, 300]}]}";
		assertProblem(big, "application/x-safetensors", 400, "too-many-elements", "tensors[1].shape");
		assertProblem(big.replace("300, 300", "200, 100"), null, 400, "too-many-elements", "tensors[1].shape");
		assertThat(post(big.replace("300, 300", "200, 100"), "application/x-npz").statusCode()).isEqualTo(200);
		assertProblem("{\"defaults\": {\"colour\": \"red\"}, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}]}",
				null, 400, "unknown-parameter", "defaults.colour");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}, {\"name\": \"b\", \"shape\": [2, 2], "
				+ "\"colour\": \"red\"}]}", null, 400, "unknown-parameter", "tensors[1].colour");
		assertProblem("{\"defaults\": {\"shape\": [2, 2]}, \"tensors\": [{\"name\": \"a\"}]}", null, 400,
				"unknown-parameter", "defaults.shape");
		assertProblem("{\"defaults\": {\"name\": \"x\"}, \"tensors\": [{\"name\": \"a\", \"shape\": [2]}]}", null,
				400, "unknown-parameter", "defaults.name");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2], \"seed\": 3}]}", null, 400,
				"unknown-parameter", "tensors[0].seed");
		assertProblem("{\"colour\": 1, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}]}", null, 400,
				"unknown-parameter", "colour");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}, {\"name\": \"b\"}]}", null, 400,
				"missing-parameter", "tensors[1].shape");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 0]}]}", null, 400, "invalid-shape",
				"tensors[0].shape");
		assertProblem("{\"defaults\": {\"dtype\": \"int8\"}, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}]}",
				null, 400, "invalid-parameter", "defaults.dtype");
		assertProblem("{\"defaults\": {\"dtype\": \"bfloat16\"}, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}]}",
				"application/x-npz", 400, "unsupported-dtype", "defaults.dtype");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}, {\"name\": \"../b\", \"shape\": [2, 2]}]}",
				"application/x-npz", 400, "invalid-parameter", "tensors[1].name");
		assertProblem("{\"seed\": -1, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}]}", null, 400,
				"invalid-seed", "seed");
		assertProblem("{\"defaults\": {\"gain\": 2}, \"tensors\": [{\"name\": \"a\", \"shape\": [2, 2], "
				+ "\"gain\": 1, \"nonlinearity\": \"relu\"}]}", null, 400, "conflicting-parameters", "tensors[0].gain");
		assertProblem("{\"tensors\": []}", null, 400, "malformed-body", "tensors");
		assertProblem("{\"tensors\": [3]}", null, 400, "malformed-body", "tensors[0]");
		assertProblem("{\"tensors\": {\"name\": \"a\"}}", null, 400, "malformed-body", "tensors");
		assertProblem("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 2]}], \"format\": \"zip\"}", null, 400,
				"invalid-parameter", "format");
	}

	@Test
	void ownGainWhenGivenShouldHideTheDefaultsGainChoice() throws Exception {
		String body = "{\"seed\": 9, \"defaults\": {\"nonlinearity\": \"leaky_relu\", \"negativeSlope\": 0.3}, "
				+ "\"tensors\": [{\"name\": \"a\", \"shape\": [4, 4], \"gain\": 2.5}, "
				+ "{\"name\": \"b\", \"shape\": [4, 4], \"nonlinearity\": \"tanh\"}]}";
		JsonNode batch = JSON.readTree(post(body, null).body());
		assertThat(batch.get("a")).isEqualTo(JSON.readTree(get("seed=9&shape=4,4&name=a&gain=2.5").body()));
		assertThat(batch.get("b")).isEqualTo(JSON.readTree(get("seed=9&shape=4,4&name=b&nonlinearity=tanh").body()));
	}

	@Test
	void openApiShouldDescribeTheBodyAndTheThreeMediaTypes() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v3/api-docs"))
			.build();
		JsonNode docs = JSON.readTree(this.http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
		JsonNode post = docs.get("paths").get("/v1/weights/batch").get("post");
		assertThat(post.get("requestBody").get("content").get("application/json").get("schema").get("$ref")
			.stringValue()).isEqualTo("#/components/schemas/BatchRequest");
		assertThat(post.get("responses").get("200").get("content").propertyNames())
			.containsExactlyInAnyOrder("application/json", "application/x-safetensors", "application/x-npz");
		assertThat(docs.get("components").get("schemas").get("BatchTensor").get("required").toString())
			.contains("name", "shape");
	}

	private void assertProblem(String body, String accept, int status, String type, String parameter)
			throws Exception {
		HttpResponse<byte[]> response = post(body, accept);
		assertThat(response.statusCode()).as(body).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").stringValue()).as(body).isEqualTo("urn:glorot:problem:" + type);
		assertThat(problem.get("parameter").stringValue()).as(problem.toString()).isEqualTo(parameter);
		if (parameter.startsWith("tensors[")) {
			int index = Integer.parseInt(parameter.substring(8, parameter.indexOf(']')));
			assertThat(problem.get("tensor").intValue()).isEqualTo(index);
			assertThat(problem.get("detail").stringValue()).contains("tensors[" + index + "]");
		}
	}

	private static String type(HttpResponse<byte[]> response) {
		return response.headers().firstValue("Content-Type").orElseThrow();
	}

	private HttpResponse<byte[]> post(String body, String accept) throws IOException, InterruptedException {
		return send(body, accept, "");
	}

	private HttpResponse<byte[]> send(String body, String accept, String query)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/weights/batch" + query))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<byte[]> get(String query) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/weights?" + query.replace(":", "%3A")))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * A safetensors reader written from the format's specification: an unsigned little-endian 64-bit header
	 * length N, N bytes of JSON header (an object; {@code __metadata__} maps strings to strings; every other key is
	 * a tensor with dtype, shape and data_offsets relative to the end of the header), and the data, whose tensors'
	 * offsets must be contiguous from 0 and cover the buffer to the end of the file.
	 */
	record Safetensors(JsonNode metadata, Map<String, Tensor> tensors) {

		record Tensor(String dtype, String shape, byte[] data) {

		}

		static Safetensors parse(byte[] file) {
			long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
			assertThat(n).isPositive().isLessThanOrEqualTo(file.length - 8);
			assertThat(n % 8).as("header padded to 8 bytes").isZero();
			String text = new String(file, 8, (int) n, StandardCharsets.UTF_8);
			assertThat(text).startsWith("{");
			JsonNode header = JSON.readTree(text);
			int dataStart = 8 + (int) n;
			Map<String, Tensor> tensors = new LinkedHashMap<>();
			List<long[]> offsets = new ArrayList<>();
			JsonNode metadata = null;
			Iterator<String> keys = header.propertyNames().iterator();
			while (keys.hasNext()) {
				String key = keys.next();
				JsonNode value = header.get(key);
				if (key.equals("__metadata__")) {
					value.propertyNames().forEach((k) -> assertThat(value.get(k).isString()).isTrue());
					metadata = value;
					continue;
				}
				long begin = value.get("data_offsets").get(0).longValue();
				long end = value.get("data_offsets").get(1).longValue();
				long elements = 1;
				List<String> dims = new ArrayList<>();
				for (JsonNode d : value.get("shape")) {
					elements *= d.longValue();
					dims.add(Long.toString(d.longValue()));
				}
				int size = switch (value.get("dtype").stringValue()) {
					case "F64" -> 8;
					case "F32" -> 4;
					case "F16", "BF16" -> 2;
					default -> throw new AssertionError(value);
				};
				assertThat(end - begin).as(key).isEqualTo(elements * size);
				offsets.add(new long[] { begin, end });
				tensors.put(key, new Tensor(value.get("dtype").stringValue(), String.join(",", dims),
						Arrays.copyOfRange(file, dataStart + (int) begin, dataStart + (int) end)));
			}
			offsets.sort((a, b) -> Long.compare(a[0], b[0]));
			long expected = 0;
			for (long[] range : offsets) {
				assertThat(range[0]).as("contiguous offsets").isEqualTo(expected);
				expected = range[1];
			}
			assertThat(dataStart + expected).as("offsets reach the end of the file").isEqualTo(file.length);
			return new Safetensors(metadata, tensors);
		}

	}

}
