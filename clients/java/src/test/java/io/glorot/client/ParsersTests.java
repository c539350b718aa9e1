package io.glorot.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers without a server, on bytes the tests make: safetensors, raw values, problems, JSON.
 */
class ParsersTests {

	private static byte[] safetensors(String header, byte[] data) {
		byte[] text = header.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(8 + text.length + data.length)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putLong(text.length)
			.put(text)
			.put(data)
			.array();
	}

	@Test
	void safetensorsShouldReadAFileWrittenByHandInHeaderOrder() {
		ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		data.putFloat(1.5f).putFloat(-2f).putDouble(0.25);
		Safetensors parsed = Safetensors.parse(safetensors("{\"__metadata__\":{\"k\":\"v\"},"
				+ "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
				+ "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data.array()));
		assertEquals(List.of("b", "a"), List.copyOf(parsed.tensors().keySet()));
		assertArrayEquals(new float[] { 1.5f, -2f }, parsed.tensors().get("a").floats());
		assertArrayEquals(new double[] { 0.25 }, parsed.tensors().get("b").doubles());
		assertArrayEquals(new long[] { 2 }, parsed.tensors().get("a").shape());
		assertEquals(Map.of("k", "v"), parsed.metadata());
	}

	@Test
	void safetensorsShouldRefuseFilesThatBreakTheRules() {
		String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
		String short_ = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
		String type = "{\"a\":{\"dtype\":\"I8\",\"shape\":[8],\"data_offsets\":[0,8]}}";
		String over = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(safetensors(gap, new byte[16])));
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(safetensors(short_, new byte[16])));
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(safetensors(type, new byte[8])));
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(safetensors(over, new byte[8])));
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(new byte[] { 1, 0 }));
		byte[] longHeader = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array();
		assertThrows(IllegalArgumentException.class, () -> Safetensors.parse(longHeader));
	}

	@Test
	void safetensorsShouldRoundTripRandomFiles() {
		long seed = 20261130L;
		Random random = new Random(seed);
		for (int c = 0; c < 50; c++) {
			int n = 1 + random.nextInt(4);
			StringBuilder header = new StringBuilder("{");
			ByteBuffer data = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
			float[][] expected = new float[n][];
			for (int t = 0; t < n; t++) {
				expected[t] = new float[1 + random.nextInt(20)];
				int begin = data.position();
				for (int i = 0; i < expected[t].length; i++) {
					expected[t][i] = (float) random.nextGaussian();
					data.putFloat(expected[t][i]);
				}
				header.append(t == 0 ? "" : ",").append("\"t").append(t).append("\":{\"dtype\":\"F32\",\"shape\":[")
					.append(expected[t].length).append("],\"data_offsets\":[").append(begin).append(',')
					.append(data.position()).append("]}");
			}
			Safetensors parsed = Safetensors.parse(safetensors(header.append('}').toString(),
					Arrays.copyOf(data.array(), data.position())));
			for (int t = 0; t < n; t++) {
				assertArrayEquals(expected[t], parsed.tensors().get("t" + t).floats(), "seed " + seed + " case " + c);
			}
		}
	}

	@Test
	void rawValuesShouldDecodeEveryDtypeLittleEndian() {
		ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.5).putDouble(-3);
		Tensor wide = Tensor.of(new long[] { 2 }, "float64", doubles.array(), 0, 16);
		assertTrue(wide.isDouble());
		assertArrayEquals(new double[] { 0.5, -3 }, wide.doubles());
		assertThrows(IllegalStateException.class, wide::floats);
		byte[] bf16 = { (byte) 0x80, 0x3f, 0x00, (byte) 0xc0 };
		assertArrayEquals(new float[] { 1f, -2f }, Tensor.of(new long[] { 2 }, "bfloat16", bf16, 0, 4).floats());
		assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] { 1 }, "int8", new byte[1], 0, 1));
	}

	@Test
	void halfToFloatShouldEqualTheJdksForEveryBitPattern() {
		for (int bits = 0; bits < 65536; bits++) {
			float expected = Float.float16ToFloat((short) bits);
			float actual = Tensor.halfToFloat(bits);
			if (Float.isNaN(expected)) {
				assertTrue(Float.isNaN(actual), Integer.toHexString(bits));
			}
			else {
				assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
						Integer.toHexString(bits));
			}
		}
	}

	@Test
	void problemsShouldExposeTypeAndParameter() {
		GlorotException problem = new GlorotException(400, GlorotException.parse("{\"type\":"
				+ "\"urn:glorot:problem:invalid-shape\",\"title\":\"Invalid shape\",\"status\":400,"
				+ "\"detail\":\"shape 3,0: sizes must be positive\",\"parameter\":\"shape\"}"));
		assertEquals("urn:glorot:problem:invalid-shape", problem.type());
		assertEquals("shape", problem.parameter());
		assertEquals("shape 3,0: sizes must be positive", problem.detail());
		assertEquals("400 Invalid shape: shape 3,0: sizes must be positive", problem.getMessage());
		GlorotException text = new GlorotException(502, GlorotException.parse("<html>bad gateway</html>"));
		assertNull(text.type());
		assertEquals("<html>bad gateway</html>", text.detail());
	}

	@Test
	void jsonShouldRoundTrip() {
		String text = "{\"a\":[1,2.5,\"x\\\"y\\u00e9\"],\"b\":{\"c\":true,\"d\":null},\"e\":18446744073709551615}";
		assertEquals(text.replace("\\u00e9", "é"), Json.write(Json.read(text)));
	}

}
