package io.glorot.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole model in one answer: each batch format holds every tensor under its name, with the same values as the
 * single-tensor answers, and says what it is (media types, extensions, content length).
 */
class BatchEncoderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<TensorSpec> model = List.of(spec("encoder.weight", DType.FLOAT32, Distribution.UNIFORM, 4, 6),
			spec("head.weight", DType.FLOAT16, Distribution.NORMAL, 3, 5),
			spec("proj.weight", DType.BFLOAT16, Distribution.TRUNCATED_NORMAL, 2, 7));

	@Test
	void safetensorsBatchShouldHoldEveryTensorUnderItsNameWithItsBytes() throws IOException {
		BatchEncoder encoder = BatchEncoder.of(BatchFormat.SAFETENSORS, ValueWriter.sequential());
		assertThat(encoder.format()).isEqualTo(BatchFormat.SAFETENSORS);
		byte[] file = write(encoder);
		assertThat(encoder.contentLength(this.model)).hasValue(file.length);
		long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertThat((8 + n) % 8).isZero();
		JsonNode header = JSON.readTree(new String(file, 8, (int) n, StandardCharsets.UTF_8).strip());
		int buffer = 8 + (int) n;
		long expectedOffset = 0;
		for (TensorSpec spec : this.model) {
			JsonNode entry = header.get(spec.name());
			assertThat(entry.get("dtype").stringValue()).isEqualTo(spec.dtype().safetensorsName());
			assertThat(entry.get("shape").toString()).isEqualTo("[" + spec.region().shape().toCsv() + "]");
			long from = entry.get("data_offsets").get(0).longValue();
			long to = entry.get("data_offsets").get(1).longValue();
			assertThat(from).isEqualTo(expectedOffset);
			assertThat(Arrays.copyOfRange(file, buffer + (int) from, buffer + (int) to)).isEqualTo(raw(spec));
			expectedOffset = to;
		}
		assertThat(buffer + expectedOffset).isEqualTo(file.length);
		JsonNode metadata = header.get("__metadata__");
		assertThat(metadata.get("generator").stringValue()).isEqualTo(PhiloxGenerator.VERSION);
		assertThat(metadata.get("seed").stringValue()).isEqualTo("42");
		JsonNode descriptions = JSON.readTree(metadata.get("tensors").stringValue());
		assertThat(descriptions.get("head.weight").get("dtype").stringValue()).isEqualTo("float16");
		assertThat(descriptions.get("head.weight").has("bound")).isFalse();
		assertThat(descriptions.get("encoder.weight").get("bound").doubleValue())
			.isEqualTo(this.model.get(0).parameters().bound());
		assertThat(descriptions.get("proj.weight").get("bound").doubleValue())
			.isEqualTo(this.model.get(2).parameters().truncationBound());
	}

	@Test
	void jsonBatchShouldBeOneObjectOfSingleAnswersByName() throws IOException {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			BatchEncoder encoder = BatchEncoder.of(BatchFormat.JSON, ValueWriter.parallel(pool, 4, 2));
			assertThat(encoder.format()).isEqualTo(BatchFormat.JSON);
			assertThat(encoder.contentLength(this.model)).isEmpty();
			byte[] text = write(encoder);
			JsonNode batch = JSON.readTree(text);
			assertThat(batch.propertyNames()).containsExactly("encoder.weight", "head.weight", "proj.weight");
			for (TensorSpec spec : this.model) {
				assertThat(batch.get(spec.name())).isEqualTo(JSON.readTree(TestSpecs.encode(new JsonEncoder(), spec)));
			}
			assertThat(new String(text, StandardCharsets.UTF_8)).startsWith("{\"encoder.weight\":{").endsWith("}}");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void npzBatchShouldHoldOneNpyPerTensor(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
		List<TensorSpec> numpy = this.model.subList(0, 2);
		BatchEncoder encoder = BatchEncoder.of(BatchFormat.NPZ, ValueWriter.sequential());
		assertThat(encoder.format()).isEqualTo(BatchFormat.NPZ);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.write(numpy, out);
		assertThat(encoder.contentLength(numpy)).hasValue(out.size());
		java.nio.file.Path file = dir.resolve("model.npz");
		java.nio.file.Files.write(file, out.toByteArray());
		try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
			assertThat(zip.size()).isEqualTo(numpy.size());
			for (TensorSpec spec : numpy) {
				ZipEntry entry = zip.getEntry(NpzEncoder.entryName(spec.name()));
				assertThat(zip.getInputStream(entry).readAllBytes()).isEqualTo(TestSpecs.encode(new NpyEncoder(), spec));
			}
		}
		// the CRC stream counts single bytes as well as arrays
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		NpzEncoder.CrcOutputStream crc = new NpzEncoder.CrcOutputStream(sink);
		crc.write('a');
		crc.write(new byte[] { 'b', 'c' }, 0, 2);
		java.util.zip.CRC32 expected = new java.util.zip.CRC32();
		expected.update("abc".getBytes(StandardCharsets.US_ASCII));
		assertThat(crc.crc()).isEqualTo(expected.getValue());
		assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
	}

	@Test
	void formatsShouldNameTheirMediaTypesAndExtensions() {
		assertThat(BatchFormat.SAFETENSORS.mediaTypes()).containsExactly("application/x-safetensors",
				"application/octet-stream");
		assertThat(BatchFormat.SAFETENSORS.mediaType()).isEqualTo("application/x-safetensors");
		assertThat(BatchFormat.NPZ.extension()).isEqualTo("npz");
		assertThat(BatchFormat.NPZ.id()).isEqualTo("npz");
		assertThat(BatchFormat.JSON.isBinary()).isFalse();
		assertThat(BatchFormat.NPZ.isBinary()).isTrue();
		assertThat(TensorFormat.RAW.mediaType()).isEqualTo("application/octet-stream");
		assertThat(TensorFormat.RAW.extension()).isEqualTo("bin");
		assertThat(TensorFormat.NPY.id()).isEqualTo("npy");
		assertThat(TensorFormat.JSON.isBinary()).isFalse();
		assertThat(TensorFormat.SAFETENSORS.isBinary()).isTrue();
		assertThat(TensorFormat.forMediaType("Application/X-NPY")).contains(TensorFormat.NPY);
		assertThat(TensorFormat.forMediaType("text/plain")).isEmpty();
		TensorEncoders encoders = new TensorEncoders(ValueWriter.sequential());
		for (TensorFormat format : TensorFormat.values()) {
			assertThat(encoders.of(format).format()).isEqualTo(format);
		}
		assertThat(new NpzEncoder().format()).isEqualTo(BatchFormat.NPZ);
		assertThat(new RawEncoder().format()).isEqualTo(TensorFormat.RAW);
		assertThat(new NpyEncoder().format()).isEqualTo(TensorFormat.NPY);
		assertThat(new SafetensorsEncoder().format()).isEqualTo(TensorFormat.SAFETENSORS);
	}

	private byte[] write(BatchEncoder encoder) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.write(this.model, out);
		return out.toByteArray();
	}

	private static byte[] raw(TensorSpec spec) {
		return TestSpecs.encode(new RawEncoder(), spec);
	}

	private static TensorSpec spec(String name, DType dtype, Distribution distribution, long... dims) {
		Shape shape = Shape.of(dims);
		return new TensorSpec(Region.all(shape), dtype, distribution, Layout.TORCH,
				XavierParameters.of(new Fans(dims[1], dims[0]), Mode.FAN_AVG, 1.0), 42, name, new PhiloxGenerator());
	}

}
