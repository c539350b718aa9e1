package io.glorot.web;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The canonical generator's known answers: a request goes through the parser, the Xavier arithmetic, the generator
 * and the raw encoder, and its float32 bits must equal the contract's, every one (SHA-256 of all values).
 */
class CanonicalVectorsTests {

	// Copied from shared/spec/vectors.json (generator philox4x32-10/v1): the request, the float32 bit patterns of
	// the first 8 elements, and the SHA-256 of all float32 values, little-endian, C order.
	static Stream<Arguments> knownAnswers() {
		return Stream.of(
				Arguments.of("shape=3,4&seed=42&distribution=uniform",
						new int[] { 0x3e562e51, 0xbd6e3ff6, 0xbf4a4bf1, 0xbe96de9d, 0x3f673037, 0xbea3f367, 0x3cd2eff2, 0xbdad3e15 },
						"640d52cd781e6ff04ae23348b6c63aca34169aa622fbc0abb379280fc226f6de"),
				Arguments.of("shape=256,512&seed=0&distribution=uniform",
						new int[] { 0xbc923242, 0x3d89c356, 0x3d2aac9e, 0x3c98c109, 0x3daaf836, 0xbcc7b6a1, 0x3d0c6bc6, 0xbda79700 },
						"7a609cb4b8e01635c3a6f229c60d94c13fcd3e3e896a74ee0a61c7db84ba05c1"),
				Arguments.of("shape=64,3,7,7&seed=2024&distribution=normal&nonlinearity=relu",
						new int[] { 0xbb85ba74, 0x3d0eaab6, 0x3bae5b1b, 0x3b4a18d4, 0xbd3f8ea1, 0x3ca33d1d, 0xbc815139, 0x3b6e943d },
						"9e9cd38f24a5f76ea95812b788c78214995842ed5bf150900816ebdf787f9c85"),
				Arguments.of("shape=3,3,16,32&seed=7&distribution=uniform&layout=keras&nonlinearity=tanh",
						new int[] { 0x3e36de5d, 0x3dc9414c, 0xbe1b33f9, 0xbe26ace8, 0xbd15b4d4, 0x3ded90a2, 0xbe040623, 0x3e382dc6 },
						"e021ff5e622e509c4bfd605292865bffe5b733635cad412ade14ce63be319c78"),
				Arguments.of("shape=128,64&seed=18446744073709551615&distribution=uniform&mode=fan_in&name=encoder.0.weight",
						new int[] { 0x3c754568, 0xbd248ebe, 0x3e064049, 0x3e18b998, 0xbd75521b, 0xbd98ffcd, 0xbe2d7103, 0xbdb66fa7 },
						"837b61cee7bfbc91caa50ead0554701346c19f9f9631469e26587122027f67c5"),
				Arguments.of("shape=10,20&seed=1&distribution=normal&gain=0.5&name=head.weight",
						new int[] { 0x3d86ac48, 0x3d8951e1, 0xbdc29d7c, 0xbdee3d42, 0xbe4bfadb, 0xbdcb5d57, 0x3dd8726e, 0x3da08b76 },
						"264ec96431f492ffb7564e2fff2e8dd55a692dd3095b6261e520346a99e18da0"));
	}

	@ParameterizedTest
	@MethodSource
	void knownAnswers(String query, int[] first, String sha256) {
		assertKnownAnswer(TestRequests.spec(query), first, sha256);
	}

	/**
	 * Reads every case of the contract's own file when the shared folder is beside the repository (as in CI), so a
	 * case added there is checked without editing this class. Without it the test is skipped, except when the
	 * environment variable {@code CI} is set: then it fails.
	 */
	@Test
	void knownAnswersFromSharedVectorsFile() {
		File file = new File(System.getProperty("glorot.shared.dir", "../shared"), "spec/vectors.json");
		if (System.getenv("CI") != null) {
			// in CI the contract's file must be there: a silent skip would check nothing
			assertThat(file).as("shared/spec/vectors.json beside the repository (CI is set)").exists();
		}
		assumeThat(file).as("shared/spec/vectors.json beside the repository").exists();
		JsonNode vectors = JsonMapper.builder().build().readTree(file);
		assertThat(vectors.get("generator").stringValue()).isEqualTo("philox4x32-10/v1");
		List<String> checked = new ArrayList<>();
		for (JsonNode testCase : vectors.get("cases")) {
			String query = testCase.get("request").properties().stream().map(Map.Entry::getKey)
				.map((key) -> key + "=" + text(testCase.get("request").get(key)))
				.collect(Collectors.joining("&"));
			int[] first = new int[testCase.get("first").size()];
			for (int i = 0; i < first.length; i++) {
				first[i] = Integer.parseUnsignedInt(testCase.get("first").get(i).stringValue(), 16);
			}
			TensorSpec spec = TestRequests.spec(query);
			assertThat(spec.parameters().fans().fanIn()).as(query).isEqualTo(testCase.get("fanIn").longValue());
			assertThat(spec.parameters().fans().fanOut()).as(query).isEqualTo(testCase.get("fanOut").longValue());
			assertThat(spec.parameters().gain()).as(query).isEqualTo(testCase.get("gain").doubleValue());
			assertThat(spec.parameters().std()).as(query).isEqualTo(testCase.get("std").doubleValue());
			assertThat(spec.parameters().bound()).as(query).isEqualTo(testCase.get("bound").doubleValue());
			assertKnownAnswer(spec, first, testCase.get("sha256").stringValue());
			checked.add(query);
		}
		assertThat(checked).hasSizeGreaterThanOrEqualTo(6);
	}

	private static String text(JsonNode node) {
		if (node.isArray()) {
			List<String> parts = new ArrayList<>();
			node.forEach((element) -> parts.add(element.asString()));
			return String.join(",", parts);
		}
		return node.asString();
	}

	private static void assertKnownAnswer(TensorSpec spec, int[] first, String sha256) {
		byte[] raw = TestRequests.encode(spec, TensorFormat.RAW);
		int[] bits = new int[first.length];
		ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(bits);
		assertThat(bits).containsExactly(first);
		assertThat(TestRequests.sha256(raw)).isEqualTo(sha256);
	}

}
