package io.glorot.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

	/**
	 * NEP 1: the header (preamble, dict, spaces, newline) is the shortest multiple of 64 bytes that holds the dict
	 * and its newline; version 1 while the length fits 16 bits (dicts of up to 65525 characters), version 2 after.
	 */
	@Test
	void withPreambleShouldPadToTheNextMultipleOf64AndSwitchVersionAt16Bits() {
		for (int length = 2; length < 200; length++) {
			checkPreamble(length, 1);
		}
		for (int length = 65_460; length <= 65_525; length++) {
			checkPreamble(length, 1);
		}
		for (int length = 65_526; length < 65_600; length++) {
			checkPreamble(length, 2);
		}
	}

	private static void checkPreamble(int length, int version) {
		String dict = "{" + "x".repeat(length - 2) + "}";
		byte[] header = NpyEncoder.withPreamble(dict);
		int preamble = (version == 1) ? 10 : 12;
		int total = ((preamble + length + 1 + 63) / 64) * 64;
		assertThat(header).as("dict of %d", length).hasSize(total);
		assertThat(header[6]).as("dict of %d", length).isEqualTo((byte) version);
		ByteBuffer le = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
		long headerLength = (version == 1) ? (le.getShort(8) & 0xFFFF) : le.getInt(8);
		assertThat(headerLength).as("dict of %d", length).isEqualTo(total - preamble);
		assertThat(new String(header, preamble, length, StandardCharsets.US_ASCII)).isEqualTo(dict);
		int spaces = 0;
		while (header[preamble + length + spaces] == ' ') {
			spaces++;
		}
		assertThat(preamble + length + spaces).as("dict of %d", length).isEqualTo(total - 1);
		assertThat(header[total - 1]).isEqualTo((byte) '\n');
	}

}
