package io.glorot.observe;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.glorot.format.BatchFormat;
import io.glorot.format.TensorFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer line's human-readable text and attributes, and the format a content type stands for.
 */
class TensorAnswerTests {

	@Test
	void describeWhenTensorIsKnownShouldNameRequestOutcomeAndTensorOnOneLine() {
		TensorAnswer answer = new TensorAnswer("GET", "/v1/weights", 200, 3, 4224, "42", "32,32", "float32", "npy",
				"philox4x32-10/v1", null, "small");
		assertThat(answer.describe()).isEqualTo("GET /v1/weights 200 in 3 ms, 4224 bytes: seed=42 shape=32,32 "
				+ "dtype=float32 format=npy generator=philox4x32-10/v1 lane=small");
		assertThat(answer.attributes()).containsExactly(Map.entry("http.request.method", "GET"),
				Map.entry("url.path", "/v1/weights"), Map.entry("http.response.status_code", 200),
				Map.entry("duration_ms", 3L), Map.entry("http.response.body.size", 4224L),
				Map.entry("tensor.seed", "42"), Map.entry("tensor.shape", "32,32"),
				Map.entry("tensor.dtype", "float32"), Map.entry("tensor.format", "npy"),
				Map.entry("tensor.generator", "philox4x32-10/v1"), Map.entry("glorot.lane", "small"));
	}

	@Test
	void describeWhenAnswerIsAProblemOrABatchShouldLeaveOutWhatItHasNot() {
		assertThat(new TensorAnswer("POST", "/v1/weights", 400, 1, 250, null, null, null, null, null, null, null)
			.describe()).isEqualTo("POST /v1/weights 400 in 1 ms, 250 bytes");
		assertThat(new TensorAnswer("POST", "/v1/weights/batch", 200, 9, 1000, "1", null, null, "npz",
				"philox4x32-10/v1", "2", "small")
			.describe()).isEqualTo("POST /v1/weights/batch 200 in 9 ms, 1000 bytes: seed=1 format=npz "
					+ "generator=philox4x32-10/v1 count=2 lane=small");
	}

	@Test
	void formatOfWhenContentTypeIsATensorFormatShouldGiveItsId() {
		for (TensorFormat format : TensorFormat.values()) {
			assertThat(TensorAnswer.formatOf(format.mediaType())).isEqualTo(format.id());
		}
		for (BatchFormat format : BatchFormat.values()) {
			assertThat(TensorAnswer.formatOf(format.mediaType())).isIn(format.id(), "json", "raw");
		}
		assertThat(TensorAnswer.formatOf("application/x-npz")).isEqualTo("npz");
		assertThat(TensorAnswer.formatOf("application/json;charset=UTF-8")).isEqualTo("json");
		assertThat(TensorAnswer.formatOf("application/problem+json")).isNull();
		assertThat(TensorAnswer.formatOf(null)).isNull();
	}

}
