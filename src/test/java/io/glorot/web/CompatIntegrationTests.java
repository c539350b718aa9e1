package io.glorot.web;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code generator} and {@code torchCpu} parameters through the running application: bytes equal to the real
 * libraries' (fixture hashes), the {@code Tensor-Exact} header and JSON field, problems for what a generator cannot
 * reproduce, slices, and the element limit counting the elements a sequential stream must pass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "glorot.limits.max-elements=100000")
class CompatIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void torchUniformWhenRawShouldEqualPyTorchBitForBit() throws Exception {
		// torch-avx2.json: seed 42, shape 17x33, float32, uniform, gain 1
		HttpResponse<byte[]> response = get("shape=17,33&seed=42&generator=torch&distribution=uniform"
				+ "&dtype=float32&format=raw");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Tensor-Generator")).hasValue("torch-1.13.1/cpu-avx2");
		assertThat(response.headers().firstValue("Tensor-Exact")).hasValue("true");
		assertThat(sha256(response.body())).isEqualTo(fixtureHash("torch/torch-avx2.json", "42", "[17,33]",
				"float32", "uniform"));
	}

	@Test
	void torchNormalFloat64ShouldBeMarkedApproximateInHeaderJsonAndSafetensors() throws Exception {
		String query = "shape=4,4&seed=1&generator=torch&distribution=normal&dtype=float64";
		HttpResponse<byte[]> json = get(query + "&format=json");
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.headers().firstValue("Tensor-Exact")).hasValue("false");
		JsonNode body = JSON.readTree(json.body());
		assertThat(body.get("exact").asBoolean(true)).isFalse();
		assertThat(body.get("generator").asString()).isEqualTo("torch-1.13.1/cpu-avx2");
		HttpResponse<byte[]> safetensors = get(query + "&format=safetensors");
		assertThat(new String(safetensors.body(), StandardCharsets.UTF_8)).contains("\"exact\":\"false\"");
	}

	@ParameterizedTest
	@CsvSource({ "philox, philox4x32-10/v1", "numpy, numpy-1.24.2/pcg64", "numpy_legacy, numpy-1.24.2/mt19937-legacy",
			"torch&torchCpu=default, torch-1.13.1/cpu-default" })
	void exactGeneratorsShouldSayTrueInHeaderAndJson(String generator, String version) throws Exception {
		HttpResponse<byte[]> response = get("shape=3,5&seed=7&generator=" + generator + "&format=json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Tensor-Generator")).hasValue(version);
		assertThat(response.headers().firstValue("Tensor-Exact")).hasValue("true");
		assertThat(JSON.readTree(response.body()).get("exact").asBoolean(false)).isTrue();
	}

	@Test
	void numpyNormalWhenPostedShouldEqualNumpyBitForBit() throws Exception {
		String body = "{\"shape\":[64,3,7,7],\"seed\":\"18446744073709551615\",\"generator\":\"numpy\","
				+ "\"distribution\":\"normal\",\"dtype\":\"float64\",\"gain\":" + Math.sqrt(2.0) + "}";
		HttpResponse<byte[]> response = this.client.send(HttpRequest.newBuilder(uri(""))
			.header("Content-Type", "application/json")
			.header("Accept", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(sha256(response.body())).isEqualTo(fixtureHash("numpy/numpy-pcg64.json", "18446744073709551615",
				"[64,3,7,7]", "float64", "normal"));
	}

	@ParameterizedTest
	@CsvSource({ "torch, uniform", "torch, normal", "numpy, uniform", "numpy, normal", "numpy_legacy, uniform",
			"numpy_legacy, normal" })
	void sliceShouldEqualTheSamePartOfTheWholeTensor(String generator, String distribution) throws Exception {
		String query = "shape=40,30&seed=5&dtype=float64&format=raw&generator=" + generator + "&distribution="
				+ distribution;
		double[] whole = doubles(get(query).body());
		double[] slice = doubles(get(query + "&slice=37:40,5:29").body());
		double[] expected = new double[3 * 24];
		for (int r = 0; r < 3; r++) {
			System.arraycopy(whole, (37 + r) * 30 + 5, expected, r * 24, 24);
		}
		assertThat(slice).containsExactly(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "generator=torch&distribution=truncated_normal|distribution",
			"generator=torch&mode=fan_in|mode", "generator=torch&layout=keras|layout",
			"generator=torch&dtype=bfloat16|dtype", "generator=torch&fanIn=7&fanOut=9|fanIn",
			"generator=torch&torchCpu=default&distribution=normal|torchCpu",
			"generator=numpy&distribution=truncated_normal|distribution", "generator=numpy&dtype=bfloat16|dtype",
			"generator=numpy_legacy&seed=4294967301|seed" })
	void unsupportedCombinationShouldGetAProblemSayingWhatIsSupported(String query, String parameter)
			throws Exception {
		HttpResponse<byte[]> response = get("shape=17,33&" + query);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:unsupported-by-generator");
		assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
		assertThat(problem.get("detail").asString()).contains("generator=");
	}

	@Test
	void torchCpuWithAnotherGeneratorShouldConflict() throws Exception {
		HttpResponse<byte[]> response = get("shape=3,4&generator=numpy&torchCpu=avx2");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:conflicting-parameters");
		assertThat(problem.get("parameter").asString()).isEqualTo("torchCpu");
	}

	@Test
	void unknownGeneratorShouldListTheGenerators() throws Exception {
		HttpResponse<byte[]> response = get("shape=3,4&generator=jax");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("parameter").asString()).isEqualTo("generator");
		assertThat(problem.get("allowed").toString()).contains("philox", "torch", "numpy", "numpy_legacy");
	}

	@Test
	void sliceFarIntoASequentialStreamShouldCountTheSkippedElementsAgainstTheLimit() throws Exception {
		String query = "shape=1000,1000&seed=3&format=raw&slice=999:1000,:&generator=";
		HttpResponse<byte[]> torch = get(query + "torch");
		assertThat(torch.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(torch.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:glorot:problem:too-many-elements");
		assertThat(problem.get("elements").asLong()).isEqualTo(1_000_000);
		// the canonical generator and numpy's jump-ahead uniform pay for the 1000 elements sent only
		assertThat(get(query + "philox").statusCode()).isEqualTo(200);
		assertThat(get(query + "numpy&distribution=uniform").statusCode()).isEqualTo(200);
		assertThat(get(query + "numpy&distribution=normal").statusCode()).isEqualTo(400);
	}

	@Test
	void numpyLegacyWithoutSeedShouldDrawASeedNumpyAccepts() throws Exception {
		for (int i = 0; i < 20; i++) {
			HttpResponse<byte[]> response = get("shape=2,2&generator=numpy_legacy&format=raw");
			assertThat(response.statusCode()).isEqualTo(200);
			BigInteger seed = new BigInteger(response.headers().firstValue("Tensor-Seed").orElseThrow());
			assertThat(seed).isBetween(BigInteger.ZERO, BigInteger.valueOf(0xFFFFFFFFL));
		}
	}

	@Test
	void actuatorInfoShouldListEveryGeneratorVersion() throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/info"))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode available = JSON.readTree(response.body()).get("generator").get("available");
		assertThat(available.get("torch").toString()).contains("torch-1.13.1/cpu-avx2", "torch-1.13.1/cpu-default");
		assertThat(available.get("numpy").asString()).isEqualTo("numpy-1.24.2/pcg64");
		assertThat(available.get("numpy_legacy").asString()).isEqualTo("numpy-1.24.2/mt19937-legacy");
	}

	private HttpResponse<byte[]> get(String query) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(uri("?" + query)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private URI uri(String query) {
		return URI.create("http://127.0.0.1:" + this.port + "/v1/weights" + query);
	}

	private static double[] doubles(byte[] bytes) {
		double[] values = new double[bytes.length / 8];
		java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
		return values;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static String fixtureHash(String file, String seed, String shape, String dtype, String distribution)
			throws IOException {
		try (var in = CompatIntegrationTests.class.getResourceAsStream("/io/glorot/generator/" + file)) {
			for (JsonNode c : JSON.readTree(in).get("cases")) {
				if (c.get("seed").asString().equals(seed) && c.get("shape").toString().equals(shape)
						&& c.get("dtype").asString().equals(dtype)
						&& c.get("distribution").asString().equals(distribution)) {
					return c.get("sha256").asString();
				}
			}
		}
		throw new IllegalArgumentException("no fixture " + Arrays.asList(file, seed, shape, dtype, distribution)
				+ List.of());
	}

}
