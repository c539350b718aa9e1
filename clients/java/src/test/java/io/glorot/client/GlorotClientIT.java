package io.glorot.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a running server at {@code GLOROT_URL}, bit for bit against the server's own answers.
 */
class GlorotClientIT {

	private static String url;

	private static GlorotClient client;

	@BeforeAll
	static void server() {
		url = Server.url();
		client = GlorotClient.builder().baseUri(url).build();
	}

	static byte[] bytes(Tensor tensor) {
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
		Tensor tensor = client
			.weights(WeightsRequest.of(5, 7).seed(42).name("fc.weight").nonlinearity(Nonlinearity.TANH));
		assertArrayEquals(new long[] { 5, 7 }, tensor.shape());
		assertEquals("float32", tensor.dtype());
		assertArrayEquals(Server.fetch(url, "/v1/weights?shape=5,7&seed=42&name=fc.weight&nonlinearity=tanh&format=raw"),
				bytes(tensor));
		Tensor wide = client.weights(WeightsRequest.of(3, 2).seed(1).dtype(DType.FLOAT64));
		assertTrue(wide.isDouble());
		assertArrayEquals(Server.fetch(url, "/v1/weights?shape=3,2&seed=1&dtype=float64&format=raw"), bytes(wide));
		Tensor viaSafetensors = client.weights(WeightsRequest.of(3, 2).seed(1).dtype(DType.FLOAT64)
			.format(Format.SAFETENSORS));
		assertArrayEquals(bytes(wide), bytes(viaSafetensors));
	}

	@Test
	void generatorAndTorchCpuShouldReachTheServer() throws Exception {
		Tensor tensor = client.weights(WeightsRequest.of(6, 4).seed(0).generator(Generator.TORCH)
			.torchCpu(TorchCpu.DEFAULT).dtype(DType.FLOAT64).slice("1:5,:"));
		assertArrayEquals(Server.fetch(url, "/v1/weights?shape=6,4&seed=0&generator=torch&torchCpu=default"
				+ "&dtype=float64&slice=1:5,:&format=raw"), bytes(tensor));
	}

	@Test
	void sixteenBitTypesShouldWidenExactly() throws Exception {
		for (DType dtype : List.of(DType.FLOAT16, DType.BFLOAT16)) {
			Tensor tensor = client.weights(WeightsRequest.of(8, 8).seed(3).dtype(dtype));
			ByteBuffer raw = ByteBuffer.wrap(Server.fetch(url, "/v1/weights?shape=8,8&seed=3&format=raw&dtype=" + dtype))
				.order(ByteOrder.LITTLE_ENDIAN);
			float[] values = tensor.floats();
			for (int i = 0; i < values.length; i++) {
				int bits = raw.getShort(2 * i) & 0xFFFF;
				float expected = (dtype == DType.BFLOAT16) ? Float.intBitsToFloat(bits << 16)
						: Float.float16ToFloat((short) bits);
				assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(values[i]), dtype + " " + i);
			}
		}
	}

	@Test
	void batchShouldEqualTheSingleTensorsBitForBit() {
		List<BatchTensor> tensors = List.of(BatchTensor.of("encoder.0.weight", 64, 32),
				BatchTensor.of("encoder.0.bias", 64).layout(Layout.KERAS).gain(0.5).dtype(DType.FLOAT64),
				BatchTensor.of("conv.weight", 8, 4, 3, 3).nonlinearity(Nonlinearity.RELU));
		BatchDefaults defaults = BatchDefaults.create().distribution(Distribution.NORMAL)
			.nonlinearity(Nonlinearity.LEAKY_RELU).negativeSlope(0.2);
		Safetensors file = client.batchFile(BatchRequest.of(tensors).seed(-1L).defaults(defaults));
		assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "conv.weight"),
				List.copyOf(file.tensors().keySet()));
		assertEquals("18446744073709551615", file.metadata().get("seed"));
		Map<String, Tensor> singles = Map.of(
				"encoder.0.weight", client.weights(WeightsRequest.of(64, 32).seed(-1L).name("encoder.0.weight")
					.distribution(Distribution.NORMAL).nonlinearity(Nonlinearity.LEAKY_RELU).negativeSlope(0.2)),
				"encoder.0.bias", client.weights(WeightsRequest.of(64).seed("18446744073709551615")
					.name("encoder.0.bias").distribution(Distribution.NORMAL).layout(Layout.KERAS).gain(0.5)
					.dtype(DType.FLOAT64)),
				"conv.weight", client.weights(WeightsRequest.of(8, 4, 3, 3).seed(-1L).name("conv.weight")
					.distribution(Distribution.NORMAL).nonlinearity(Nonlinearity.RELU)));
		singles.forEach((name, single) -> {
			Tensor tensor = file.tensors().get(name);
			assertArrayEquals(single.shape(), tensor.shape(), name);
			assertEquals(single.dtype(), tensor.dtype(), name);
			assertArrayEquals(bytes(single), bytes(tensor), name);
		});
		assertTrue(file.metadata().get("tensors").contains("\"encoder.0.bias\""));
		Map<String, Tensor> same = client.batch(-1L, defaults, tensors);
		assertArrayEquals(bytes(file.tensors().get("conv.weight")), bytes(same.get("conv.weight")));
	}

	@Test
	void refusalShouldThrowWithTheProblemsTypeAndParameter() {
		GlorotException single = assertThrows(GlorotException.class,
				() -> client.weights(WeightsRequest.of(3, 0).seed(1)));
		assertEquals(400, single.status());
		assertEquals("shape", single.parameter());
		assertEquals("urn:glorot:problem:invalid-shape", single.type());
		GlorotException batch = assertThrows(GlorotException.class, () -> client.batch(BatchRequest
			.of(BatchTensor.of("a", 2, 2), BatchTensor.of("b", 2, 2).torchCpu(TorchCpu.DEFAULT)).seed(1)));
		assertEquals("tensors[1].torchCpu", batch.parameter());
		assertEquals(1L, ((Number) batch.problem().get("tensor")).longValue());
	}

	@Test
	void anUnreachableServerShouldFailAfterTheRetries() {
		GlorotClient nowhere = GlorotClient.builder().baseUri("http://127.0.0.1:9").retries(1).build();
		assertThrows(java.io.UncheckedIOException.class, () -> nowhere.weights(WeightsRequest.of(2, 2).seed(1)));
	}

}
