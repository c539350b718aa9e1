package io.glorot.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.glorot.tensor.DType;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The .npy layout of NEP 1 (numpy/doc/neps/nep-0001-npy-format.rst): magic, version, little-endian header length,
 * a dict padded with spaces and a newline to a 64-byte boundary, then the data.
 */
class NpyEncoderTests {

	private final NpyEncoder encoder = new NpyEncoder();

	@Test
	void writeShouldProduceVersionOneHeaderAlignedTo64Bytes() {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT32, null, 3, 4);
		byte[] npy = TestSpecs.encode(this.encoder, spec);
		assertThat(Arrays.copyOfRange(npy, 0, 8))
			.containsExactly((byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
		int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
		assertThat((10 + headerLength) % 64).isZero();
		String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
		assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }").endsWith("\n");
		assertThat(header.strip()).endsWith("}");
		assertThat(npy).hasSize(10 + headerLength + 48);
		assertThat(this.encoder.contentLength(spec)).hasValue(npy.length);
		byte[] raw = TestSpecs.encode(new RawEncoder(), spec);
		assertThat(Arrays.copyOfRange(npy, 10 + headerLength, npy.length)).containsExactly(raw);
	}

	@Test
	void headerWhenOneDimensionalShouldWriteOneTuple() {
		String header = new String(NpyEncoder.header("<f8", new long[] { 5 }), StandardCharsets.US_ASCII);
		assertThat(header).contains("'descr': '<f8'").contains("'shape': (5,), }");
	}

	@Test
	void headerShouldNameEachDtypeAsNumpyDoes() {
		assertThat(new String(NpyEncoder.header(TestSpecs.spec(DType.FLOAT16, null, 2, 2)), StandardCharsets.US_ASCII))
			.contains("'<f2'");
		assertThat(NpyEncoder.supports(DType.BFLOAT16)).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NpyEncoder.header(TestSpecs.spec(DType.BFLOAT16, null, 2, 2)));
	}

	@Test
	void withPreambleWhenDictExceedsSixteenBitLengthShouldUseVersionTwo() {
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, " + " ".repeat(70_000) + "), }";
		byte[] header = NpyEncoder.withPreamble(dict);
		assertThat(header[6]).isEqualTo((byte) 2);
		long length = (header[8] & 0xFFL) | (header[9] & 0xFFL) << 8 | (header[10] & 0xFFL) << 16
				| (header[11] & 0xFFL) << 24;
		assertThat(12 + length).isEqualTo(header.length);
		assertThat(header.length % 64).isZero();
		assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
	}

}
