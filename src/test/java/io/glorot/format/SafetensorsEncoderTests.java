package io.glorot.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the answers back with a reader written from the safetensors format's own description
 * (huggingface/safetensors README): an 8-byte little-endian header size N, N bytes of JSON, then a byte buffer
 * that each tensor's {@code data_offsets} cover contiguously to the end of the file.
 */
class SafetensorsEncoderTests {

	private final SafetensorsEncoder encoder = new SafetensorsEncoder();

	@Test
	void writeShouldFollowSafetensorsLayout() {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT32, "encoder.0.weight", 3, 4);
		byte[] file = TestSpecs.encode(this.encoder, spec);
		SafetensorsFile parsed = SafetensorsFile.read(file);
		JsonNode tensor = parsed.header().get("encoder.0.weight");
		assertThat(tensor.get("dtype").stringValue()).isEqualTo("F32");
		assertThat(tensor.get("shape").toString()).isEqualTo("[3,4]");
		assertThat(parsed.data("encoder.0.weight")).containsExactly(TestSpecs.encode(new RawEncoder(), spec));
		assertThat(this.encoder.contentLength(spec)).hasValue(file.length);
		assertThat(parsed.headerLength() % 8).isZero();
	}

	@Test
	void metadataShouldRecordGeneratorAndEveryParameterAsStrings() {
		TensorSpec spec = TestSpecs.spec(DType.BFLOAT16, null, 8, 16);
		JsonNode metadata = SafetensorsFile.read(TestSpecs.encode(this.encoder, spec)).header().get("__metadata__");
		assertThat(metadata.properties()).allSatisfy((entry) -> assertThat(entry.getValue().isString()).isTrue());
		assertThat(metadata.get("generator").stringValue()).isEqualTo("philox4x32-10/v1");
		assertThat(metadata.get("seed").stringValue()).isEqualTo("42");
		assertThat(metadata.get("shape").stringValue()).isEqualTo("[8,16]");
		assertThat(metadata.get("dtype").stringValue()).isEqualTo("bfloat16");
		assertThat(metadata.get("fanIn").stringValue()).isEqualTo("16");
		assertThat(metadata.get("bound").stringValue()).isEqualTo(String.valueOf(spec.parameters().bound()));
		assertThat(SafetensorsFile.read(TestSpecs.encode(this.encoder, spec)).header().get("weight").get("dtype")
			.stringValue()).isEqualTo("BF16");
	}

	@Test
	void writeWhenSlicedShouldDescribeRegionAndFullShape() {
		Region region = Region.of(Shape.of(6, 5), new long[] { 2, 1 }, new long[] { 4, 5 });
		TensorSpec spec = TestSpecs.spec(region, DType.FLOAT64, null);
		SafetensorsFile parsed = SafetensorsFile.read(TestSpecs.encode(this.encoder, spec));
		assertThat(parsed.header().get("weight").get("shape").toString()).isEqualTo("[2,4]");
		assertThat(parsed.header().get("__metadata__").get("fullShape").stringValue()).isEqualTo("[6,5]");
		assertThat(parsed.header().get("__metadata__").get("slice").stringValue()).isEqualTo("2:4,1:5");
		assertThat(parsed.data("weight")).hasSize(2 * 4 * 8);
	}

	/**
	 * A safetensors file read from its specification alone.
	 */
	record SafetensorsFile(JsonNode header, int headerLength, byte[] buffer) {

		static SafetensorsFile read(byte[] file) {
			long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
			assertThat(n).isLessThanOrEqualTo(file.length - 8);
			String json = new String(file, 8, (int) n, StandardCharsets.UTF_8);
			assertThat(json).startsWith("{");
			JsonNode header = JsonMapper.builder().build().readTree(json);
			byte[] buffer = Arrays.copyOfRange(file, 8 + (int) n, file.length);
			// the offsets, sorted, must tile the buffer from 0 to its end
			long end = header.properties().stream().filter((e) -> !e.getKey().equals("__metadata__"))
				.map(Map.Entry::getValue).map((t) -> t.get("data_offsets"))
				.sorted((a, b) -> Long.compare(a.get(0).longValue(), b.get(0).longValue()))
				.reduce(0L, (at, offsets) -> {
					assertThat(offsets.get(0).longValue()).isEqualTo(at);
					return offsets.get(1).longValue();
				}, (a, b) -> b);
			assertThat(end).isEqualTo(buffer.length);
			return new SafetensorsFile(header, (int) n, buffer);
		}

		byte[] data(String name) {
			JsonNode offsets = this.header.get(name).get("data_offsets");
			return Arrays.copyOfRange(this.buffer, offsets.get(0).intValue(), offsets.get(1).intValue());
		}

	}

}
