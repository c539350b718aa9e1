package io.glorot.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.glorot.tensor.DType;
import io.glorot.tensor.TensorSpec;
import io.glorot.testing.RandomCases;
import io.glorot.tensor.ValueWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A byte range of a binary answer (a Range request, a resumed download) is the same bytes of the whole answer,
 * wherever it starts and stops: inside the npy or safetensors prefix, at its end, or inside the values.
 */
class BinaryTensorEncoderTests {

	private static final List<BinaryTensorEncoder> ENCODERS = List.of(new NpyEncoder(), new SafetensorsEncoder(),
			new RawEncoder(), new NpyEncoder(ValueWriter.parallel(java.util.concurrent.ForkJoinPool.commonPool(), 7, 2)));

	@Test
	void anyRangeShouldEqualSameBytesOfWholeAnswer() {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT16, "layer.weight", 5, 9);
		RandomCases.check(1000, (draw) -> {
			BinaryTensorEncoder encoder = ENCODERS.get(draw.intBetween(0, ENCODERS.size() - 1));
			byte[] prefix = encoder.prefix(spec);
			byte[] whole = TestSpecs.encode(encoder, spec);
			assertThat(encoder.contentLength(spec)).hasValue(whole.length);
			assertThat(BinaryTensorEncoder.length(spec, prefix)).isEqualTo(whole.length);
			long from = draw.longBetween(0, whole.length);
			long to = draw.longBetween(from, whole.length);
			assertThat(range(encoder, spec, prefix, from, to)).containsExactly(Arrays.copyOfRange(whole, (int) from,
					(int) to));
		});
	}

	@Test
	void rangesAroundPrefixEndShouldEqualSameBytesOfWholeAnswer() throws IOException {
		TensorSpec spec = TestSpecs.spec(DType.FLOAT32, null, 3, 4);
		for (BinaryTensorEncoder encoder : ENCODERS) {
			byte[] prefix = encoder.prefix(spec);
			byte[] whole = TestSpecs.encode(encoder, spec);
			int p = prefix.length;
			for (int[] range : new int[][] { { 0, p }, { 1, p }, { 1, p + 1 }, { p - 1, p + 3 }, { p, p + 1 },
					{ p, whole.length }, { p + 5, whole.length }, { 0, 1 }, { 3, 3 }, { p, p } }) {
				if (range[0] < 0 || range[1] > whole.length || range[0] > range[1]) {
					continue;
				}
				assertThat(range(encoder, spec, prefix, range[0], range[1])).as("%s bytes %d-%d", encoder.format(),
						range[0], range[1])
					.containsExactly(Arrays.copyOfRange(whole, range[0], range[1]));
			}
		}
	}

	private static byte[] range(BinaryTensorEncoder encoder, TensorSpec spec, byte[] prefix, long from, long to)
			throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.write(spec, spec.generator().open(spec), prefix, from, to, out);
		return out.toByteArray();
	}

}
