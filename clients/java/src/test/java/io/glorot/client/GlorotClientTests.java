package io.glorot.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a running server at {@code GLOROT_URL}.
 */
class GlorotClientTests {

	private static String url;

	private static GlorotClient client;

	@BeforeAll
	static void server() {
		url = System.getenv("GLOROT_URL");
		if (url == null || url.isBlank()) {
			throw new IllegalStateException("set GLOROT_URL to a running glorot, e.g. http://127.0.0.1:8080");
		}
		client = GlorotClient.create();
	}

	private static byte[] fetch(String path) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertEquals(200, response.statusCode());
		return response.body();
	}

	private static byte[] bytes(Tensor tensor) {
		ByteBuffer buffer = ByteBuffer.allocate(tensor.size() * (tensor.isDouble() ? 8 : 4))
			.order(ByteOrder.LITTLE_ENDIAN);
		if (tensor.isDouble()) {
			buffer.asDoubleBuffer().put(tensor.doubles());
		}
		else {
			buffer.asFloatBuffer().put(tensor.floats());
		}
		return buffer.array();
	}

	@Test
	void weightsShouldEqualTheRawAnswerBitForBit() throws Exception {
		Tensor tensor = client.weights(new long[] { 5, 7 },
				Map.of("seed", 42, "name", "fc.weight", "nonlinearity", "tanh"));
		assertArrayEquals(new long[] { 5, 7 }, tensor.shape());
		assertEquals("float32", tensor.dtype());
		assertArrayEquals(fetch("/v1/weights?shape=5,7&seed=42&name=fc.weight&nonlinearity=tanh&format=raw"),
				bytes(tensor));
		Tensor wide = client.weights(new long[] { 3, 2 }, Map.of("seed", 1, "dtype", "float64"));
		assertTrue(wide.isDouble());
		assertArrayEquals(fetch("/v1/weights?shape=3,2&seed=1&dtype=float64&format=raw"), bytes(wide));
	}

	@Test
	void sixteenBitTypesShouldWidenExactly() throws Exception {
		for (String dtype : List.of("float16", "bfloat16")) {
			Tensor tensor = client.weights(new long[] { 8, 8 }, Map.of("seed", 3, "dtype", dtype));
			ByteBuffer raw = ByteBuffer.wrap(fetch("/v1/weights?shape=8,8&seed=3&format=raw&dtype=" + dtype))
				.order(ByteOrder.LITTLE_ENDIAN);
			float[] values = tensor.floats();
			for (int i = 0; i < values.length; i++) {
				int bits = raw.getShort(2 * i) & 0xFFFF;
				float expected = dtype.equals("bfloat16") ? Float.intBitsToFloat(bits << 16)
						: Float.float16ToFloat((short) bits);
				assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(values[i]), dtype + " " + i);
			}
		}
	}

	@Test
	void batchShouldEqualTheSingleTensorsBitForBit() {
		Map<String, Object> tensors = new LinkedHashMap<>();
		tensors.put("encoder.0.weight", new long[] { 64, 32 });
		tensors.put("encoder.0.bias", Map.of("shape", List.of(64), "layout", "keras", "gain", 0.5, "dtype", "float64"));
		tensors.put("conv.weight", Map.of("shape", List.of(8, 4, 3, 3), "nonlinearity", "relu"));
		Map<String, Object> defaults = Map.of("distribution", "normal", "nonlinearity", "leaky_relu", "negativeSlope",
				0.2);
		long seed = -1L; // 2^64 - 1
		Safetensors file = client.batchFile(seed, defaults, tensors);
		assertEquals(List.copyOf(tensors.keySet()), List.copyOf(file.tensors().keySet()));
		assertEquals("18446744073709551615", file.metadata().get("seed"));
		Map<String, Tensor> singles = Map.of(
				"encoder.0.weight",
				client.weights(new long[] { 64, 32 }, Map.of("seed", "18446744073709551615", "name", "encoder.0.weight",
						"distribution", "normal", "nonlinearity", "leaky_relu", "negativeSlope", 0.2)),
				"encoder.0.bias",
				client.weights(new long[] { 64 }, Map.of("seed", "18446744073709551615", "name", "encoder.0.bias",
						"distribution", "normal", "layout", "keras", "gain", 0.5, "dtype", "float64")),
				"conv.weight",
				client.weights(new long[] { 8, 4, 3, 3 }, Map.of("seed", "18446744073709551615", "name", "conv.weight",
						"distribution", "normal", "nonlinearity", "relu")));
		singles.forEach((name, single) -> {
			Tensor tensor = file.tensors().get(name);
			assertArrayEquals(single.shape(), tensor.shape(), name);
			assertEquals(single.dtype(), tensor.dtype(), name);
			assertArrayEquals(bytes(single), bytes(tensor), name);
		});
		assertTrue(file.metadata().get("tensors").contains("\"encoder.0.bias\""));
	}

	@Test
	void refusalShouldThrowWithTheProblem() {
		GlorotException single = assertThrows(GlorotException.class,
				() -> client.weights(new long[] { 3, 0 }, Map.of("seed", 1)));
		assertEquals(400, single.status());
		assertEquals("shape", single.parameter());
		Map<String, Object> tensors = new LinkedHashMap<>();
		tensors.put("a", new int[] { 2, 2 });
		tensors.put("b", Map.of("shape", List.of(2, 2), "colour", "red"));
		GlorotException batch = assertThrows(GlorotException.class, () -> client.batch(1L, Map.of(), tensors));
		assertEquals("tensors[1].colour", batch.parameter());
	}

	@Test
	void parserShouldReadAFileWrittenByHandAndRefuseGaps() {
		byte[] header = ("{\"__metadata__\":{\"k\":\"v\"},\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
				+ "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}")
			.getBytes(StandardCharsets.UTF_8);
		ByteBuffer file = ByteBuffer.allocate(8 + header.length + 16).order(ByteOrder.LITTLE_ENDIAN);
		file.putLong(header.length).put(header).putFloat(1.5f).putFloat(-2f).putDouble(0.25);
		Safetensors parsed = Safetensors.parse(file.array());
		assertArrayEquals(new float[] { 1.5f, -2f }, parsed.tensors().get("a").floats());
		assertArrayEquals(new double[] { 0.25 }, parsed.tensors().get("b").doubles());
		assertEquals(Map.of("k", "v"), parsed.metadata());
		byte[] cut = java.util.Arrays.copyOf(file.array(), file.capacity() - 8);
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(cut));
	}

}
