package io.glorot.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;
import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;

class JsonEncoderTests {

	private final JsonEncoder encoder = new JsonEncoder();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void writeShouldDescribeTensorBeforeValues() {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT32, "head.weight", 3, 4);
		String text = new String(TestSpecs.encode(this.encoder, spec));
		assertThat(text).startsWith("{\"shape\":[3,4],\"dtype\":\"float32\",\"distribution\":\"uniform\",\"seed\":42,"
				+ "\"name\":\"head.weight\",\"layout\":\"torch\",\"mode\":\"fan_avg\",\"fanIn\":4,\"fanOut\":3,"
				+ "\"gain\":1.0,\"std\":0.5345224838248488,\"bound\":0.9258200997725514,"
				+ "\"generator\":\"philox4x32-10/v1\",\"exact\":true,\"values\":[[");
		assertThat(this.encoder.contentLength(spec)).isEmpty();
	}

	/** Every shape nests as numpy's tolist() does, and every float32 reads back to the same bits as the raw answer. */
	@Test
	void valuesShouldNestInCOrderAndReadBackExactly() {
		RandomCases.check(200, (draw) -> valuesShouldNestInCOrderAndReadBackExactly(
				draw.longsBetween(draw.intBetween(1, 4), 1, 5)));
	}

	private void valuesShouldNestInCOrderAndReadBackExactly(long[] shape) {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT32, null, shape);
		JsonNode values = this.json.readTree(TestSpecs.encode(this.encoder, spec)).get("values");
		float[] raw = floats(TestSpecs.encode(new RawEncoder(), spec));
		int[] next = { 0 };
		walk(values, shape, 0, raw, next);
		assertThat(next[0]).isEqualTo(raw.length);
	}

	@Test
	void writeWhenFormattedInParallelShouldEqualSequentialBytes() {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
		try {
			TensorSpec spec = TestSpecs.spec(DType.FLOAT32, null, 40, 30, 50);
			byte[] sequential = TestSpecs.encode(this.encoder, spec);
			byte[] parallel = TestSpecs.encode(new JsonEncoder(ValueWriter.parallel(pool, 1024, 2)), spec);
			assertThat(parallel).containsExactly(sequential);
			JsonNode values = this.json.readTree(parallel).get("values");
			float[] raw = floats(TestSpecs.encode(new RawEncoder(), spec));
			int[] next = { 0 };
			walk(values, new long[] { 40, 30, 50 }, 0, raw, next);
			assertThat(next[0]).isEqualTo(60000);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void writeWhenFloat64ShouldKeepEveryBit() {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT64, null, 4, 5);
		JsonNode values = this.json.readTree(TestSpecs.encode(this.encoder, spec)).get("values");
		double[] raw = new double[20];
		ByteBuffer.wrap(TestSpecs.encode(new RawEncoder(), spec)).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(raw);
		for (int i = 0; i < 20; i++) {
			assertThat(Double.parseDouble(values.get(i / 5).get(i % 5).toString())).isEqualTo(raw[i]);
		}
	}

	@Test
	void writeWhenFloat16ShouldWriteExactHalfValues() {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT16, null, 2, 3);
		JsonNode values = this.json.readTree(TestSpecs.encode(this.encoder, spec)).get("values");
		byte[] raw = TestSpecs.encode(new RawEncoder(), spec);
		for (int i = 0; i < 6; i++) {
			int bits = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
			assertThat(Float.parseFloat(values.get(i / 3).get(i % 3).toString()))
				.isEqualTo(DType.FLOAT16.widen16(bits));
		}
	}

	@Test
	void writeWhenBfloat16ShouldWriteExactBfloat16Values() {
		TensorSpec spec = TestSpecs.spec(DType.BFLOAT16, null, 2, 3);
		JsonNode values = this.json.readTree(TestSpecs.encode(this.encoder, spec)).get("values");
		byte[] raw = TestSpecs.encode(new RawEncoder(), spec);
		for (int i = 0; i < 6; i++) {
			int bits = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
			assertThat(Float.parseFloat(values.get(i / 3).get(i % 3).toString()))
				.isEqualTo(DType.BFLOAT16.widen16(bits));
		}
	}

	@Test
	void writeWhenSlicedShouldReportRegionFullShapeAndSlice() {
		Region region = Region.of(Shape.of(4, 6), new long[] { 1, 0 }, new long[] { 3, 6 });
		JsonNode answer = this.json.readTree(TestSpecs.encode(this.encoder, TestSpecs.spec(region, DType.FLOAT32, null)));
		assertThat(answer.get("shape").toString()).isEqualTo("[2,6]");
		assertThat(answer.get("fullShape").toString()).isEqualTo("[4,6]");
		assertThat(answer.get("slice").stringValue()).isEqualTo("1:3,0:6");
		assertThat(answer.get("values")).hasSize(2);
	}

	/**
	 * Element counts at the JSON chunk size's edges (a multiple of it, one less, one more): every value is written
	 * once, in order, in sequential and in parallel mode.
	 */
	@Test
	void writeWhenElementCountIsAtChunkEdgesShouldWriteEveryValueOnce() {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			int chunk = JsonEncoder.CHUNK_ELEMENTS;
			for (long[] shape : new long[][] { { 2, chunk }, { 2 * chunk - 1, 1 } }) {
				TensorSpec spec = TestSpecs.spec(DType.FLOAT32, null, shape);
				byte[] sequential = TestSpecs.encode(this.encoder, spec);
				assertThat(TestSpecs.encode(new JsonEncoder(ValueWriter.parallel(pool, 1024, 2)), spec))
					.isEqualTo(sequential);
				JsonNode values = this.json.readTree(sequential).get("values");
				float[] raw = floats(TestSpecs.encode(new RawEncoder(), spec));
				assertThat(values.size()).isEqualTo((int) shape[0]);
				float[] read = new float[raw.length];
				int next = 0;
				for (JsonNode row : values) {
					assertThat(row.size()).isEqualTo((int) shape[1]);
					for (JsonNode value : row) {
						read[next++] = Float.parseFloat(value.toString());
					}
				}
				assertThat(read).isEqualTo(raw);
				assertThat(new String(sequential, java.nio.charset.StandardCharsets.US_ASCII)).endsWith("]]}");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Random shapes, dtypes and slices, formatted in parallel (several chunks when large, rows longer and shorter
	 * than a chunk, a few chunks ahead): the values text equals the nested lists of {@code Float.toString} (or
	 * {@code Double.toString}) of the raw answer's values, so every value reads back to the same bits, and equals
	 * the sequential encoder's bytes.
	 */
	@Test
	void valuesTextShouldEqualTheJdksTextOfTheRawValuesForAnyShapeDtypeAndSlice() {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
		try {
			RandomCases.check(60, (draw) -> {
				int rank = draw.intBetween(1, 4);
				long budget = draw.anyBoolean() ? 3 * JsonEncoder.CHUNK_ELEMENTS : 200;
				long[] dims = new long[rank];
				long elements = 1;
				for (int d = 0; d < rank; d++) {
					dims[d] = draw.longBetween(1, Math.max(1, Math.min(budget / elements, (d == rank - 1) ? 40_000 : 60)));
					elements *= dims[d];
				}
				Shape full = Shape.of(dims);
				Region region = Region.all(full);
				if (draw.anyBoolean()) {
					long[] start = new long[rank];
					long[] stop = new long[rank];
					for (int d = 0; d < rank; d++) {
						start[d] = draw.longBetween(0, dims[d] - 1);
						stop[d] = draw.longBetween(start[d] + 1, dims[d]);
					}
					region = Region.of(full, start, stop);
				}
				DType dtype = draw.anyOf(DType.class);
				TensorSpec spec = TestSpecs.spec(region, dtype, null);
				byte[] parallel = TestSpecs.encode(
						new JsonEncoder(ValueWriter.parallel(pool, 1024, draw.intBetween(1, 3))), spec);
				String text = new String(parallel, java.nio.charset.StandardCharsets.US_ASCII);
				String values = text.substring(text.indexOf("\"values\":") + 9);
				assertThat(values).isEqualTo(jdkText(spec) + "}");
				assertThat(parallel).isEqualTo(TestSpecs.encode(this.encoder, spec));
			});
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** The region's values as nested lists of the JDK's own text of each raw value. */
	private static String jdkText(TensorSpec spec) {
		ByteBuffer raw = ByteBuffer.wrap(TestSpecs.encode(new RawEncoder(), spec)).order(ByteOrder.LITTLE_ENDIAN);
		long[] shape = spec.region().shape().dims();
		StringBuilder text = new StringBuilder();
		nest(text, shape, 0, raw, spec.dtype());
		return text.toString();
	}

	private static void nest(StringBuilder text, long[] shape, int depth, ByteBuffer raw, DType dtype) {
		if (depth == shape.length) {
			switch (dtype) {
				case FLOAT32 -> text.append(Float.toString(raw.getFloat()));
				case FLOAT64 -> text.append(Double.toString(raw.getDouble()));
				default -> text.append(Float.toString(dtype.widen16(raw.getShort() & 0xFFFF)));
			}
			return;
		}
		text.append('[');
		for (long i = 0; i < shape[depth]; i++) {
			if (i > 0) {
				text.append(',');
			}
			nest(text, shape, depth + 1, raw, dtype);
		}
		text.append(']');
	}

	@Test
	void formatShouldNameJsonFormat() {
		assertThat(this.encoder.format()).isEqualTo(TensorFormat.JSON);
	}

	private static void walk(JsonNode node, long[] shape, int depth, float[] raw, int[] next) {
		if (depth == shape.length) {
			assertThat(node.isNumber()).isTrue();
			assertThat(Float.floatToIntBits(Float.parseFloat(node.toString())))
				.isEqualTo(Float.floatToIntBits(raw[next[0]++]));
			return;
		}
		assertThat(node.isArray()).isTrue();
		assertThat(node.size()).isEqualTo((int) shape[depth]);
		for (JsonNode child : node) {
			walk(child, shape, depth + 1, raw, next);
		}
	}

	private static float[] floats(byte[] bytes) {
		float[] values = new float[bytes.length / 4];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
		return values;
	}

}
