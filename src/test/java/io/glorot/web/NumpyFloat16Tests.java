package io.glorot.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code generator=numpy|numpy_legacy} with {@code dtype=float16} equals NumPy's {@code astype(np.float16)},
 * which rounds each float64 straight to binary16.
 */
class NumpyFloat16Tests {

	// NumPy 1.24.2 (Debian python3-numpy), shape (17, 33), std = sqrt(1 / ((33 + 17) / 2)), bound = sqrt(3) * std:
	// rng = np.random.default_rng(seed); w = rng.uniform(-bound, bound, size=(17, 33)).astype(np.float16)
	//   (or rng.normal(0.0, std, size=(17, 33)); legacy: np.random.seed(7); np.random.uniform(...))
	// hashlib.sha256(w.tobytes()).hexdigest(), and w.view(np.uint16).ravel()[:4]
	static Stream<Arguments> numpyAnswers() {
		return Stream.of(
				Arguments.of("generator=numpy&seed=0", "30ea21985fe5b57468f9c27de34825f412c13ba5a7175e0218cb6fac02212a94",
						new int[] { 0x2e13, 0xb11b, 0xb517, 0xb55c }),
				Arguments.of("generator=numpy&seed=42", "775a4b08f0b82e0cdc82693e305fe8b4015c626d21a1a01e48b802be32262180",
						new int[] { 0x3213, 0xa96c, 0x33f3, 0x3060 }),
				Arguments.of("generator=numpy&seed=0&distribution=normal",
						"bb908dbdc8ce7c1b336330a4d251b0a38b48e7d806acba5628277ef0400e31a7",
						new int[] { 0x2670, 0xa6c4, 0x3019, 0x255f }),
				Arguments.of("generator=numpy&seed=42&distribution=normal",
						"d1742371e923652cb2d7309c2a2ca76573de37085a6d57f82396b116f1cdabda",
						new int[] { 0x2bcd, 0xb2a8, 0x30ce, 0x3205 }),
				Arguments.of("generator=numpy_legacy&seed=7",
						"bcae76b17e9c5a590731b089047e49e9c2aa0ac7c75967db47e4b3803b06a186", null),
				Arguments.of("generator=numpy_legacy&seed=7&distribution=normal",
						"81385fd88651ab3519b09f811dfff30146d8b876b22bd84408209caafc7ffa9b", null));
	}

	@ParameterizedTest
	@MethodSource
	void numpyAnswers(String query, String sha256, int[] first) {
		TensorSpec spec = TestRequests.spec("shape=17,33&dtype=float16&" + query);
		byte[] raw = TestRequests.encode(spec, TensorFormat.RAW);
		assertThat(TestRequests.sha256(raw)).isEqualTo(sha256);
		if (first != null) {
			short[] bits = new short[first.length];
			ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(bits);
			for (int i = 0; i < first.length; i++) {
				assertThat(bits[i] & 0xFFFF).isEqualTo(first[i]);
			}
		}
	}

}
