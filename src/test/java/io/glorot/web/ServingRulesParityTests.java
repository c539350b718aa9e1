package io.glorot.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

import static io.glorot.testing.RandomCases.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One set of serving rules: the same random tensor requests, through {@code GET /v1/weights} (raw),
 * {@code GET /v1/weights/histogram} and a one-tensor {@code POST /v1/weights/batch} (safetensors), get the same
 * verdict from all three: the same status and, when refused, the same problem type. The requests mix shapes,
 * slices, generators, dtypes, distributions, gains and slopes near and past what the dtype holds, seeds near and
 * past what each generator accepts, under a small element limit.
 */
@WebSliceTest(properties = { "glorot.limits.max-elements=2000", "glorot.limits.max-json-elements=2000" })
class ServingRulesParityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@Test
	void everyEndpointShouldGiveTheSameVerdictOnTheSameRequest() {
		check(200, (draw) -> {
			Map<String, String> request = draw.from(ServingRulesParityTests::request);
			String single = verdict(this.mvc.get().uri("/v1/weights?" + query(request) + "&format=raw").exchange());
			String histogram = verdict(this.mvc.get().uri("/v1/weights/histogram?" + query(request) + "&format=json")
				.exchange());
			String batch = verdict(this.mvc.post()
				.uri("/v1/weights/batch")
				.contentType(MediaType.APPLICATION_JSON)
				.content(batch(request))
				.exchange());
			assertThat(histogram).as("histogram and single verdicts for " + request).isEqualTo(single);
			assertThat(batch).as("batch and single verdicts for " + request).isEqualTo(single);
		});
	}

	/** A random request, as field to query value, with a name (which a batch tensor needs). */
	private static Map<String, String> request(SplittableRandom random) {
		Map<String, String> fields = new LinkedHashMap<>();
		int rank = 1 + random.nextInt(3);
		List<Long> dims = new ArrayList<>();
		for (int d = 0; d < rank; d++) {
			dims.add((long) (1 + random.nextInt(random.nextBoolean() ? 8 : 80)));
		}
		fields.put("shape", join(dims));
		fields.put("name", "t");
		if (rank == 1) {
			fields.put("layout", random.nextBoolean() ? "keras" : "jax");
		}
		if (random.nextInt(3) == 0) {
			StringJoiner slice = new StringJoiner(",");
			for (long dim : dims) {
				long start = random.nextLong(dim);
				slice.add(random.nextBoolean() ? ":" : start + ":" + (start + 1 + random.nextLong(dim - start)));
			}
			fields.put("slice", slice.toString());
		}
		pick(random, fields, "generator", "philox", "torch", "numpy", "numpy_legacy");
		if ("torch".equals(fields.get("generator")) && random.nextBoolean()) {
			fields.put("torchCpu", random.nextBoolean() ? "avx2" : "default");
		}
		pick(random, fields, "dtype", "float32", "float64", "float16", "bfloat16");
		pick(random, fields, "distribution", "uniform", "normal", "truncated_normal");
		if (random.nextInt(4) == 0) {
			fields.put("nonlinearity", "leaky_relu");
			pick(random, fields, "negativeSlope", "0.2", "1e154", "1e200", "-1e155");
		}
		else {
			pick(random, fields, "gain", "1", "2.5", "1e4", "1e5", "1e38", "1e40", "1e300");
		}
		pick(random, fields, "seed", "0", "7", "4294967295", "4294967296", "18446744073709551615");
		return fields;
	}

	/** Puts one of the values, or leaves the field out (one time in three). */
	private static void pick(SplittableRandom random, Map<String, String> fields, String name, String... values) {
		if (random.nextInt(3) != 0) {
			fields.put(name, values[random.nextInt(values.length)]);
		}
	}

	private static String verdict(MvcTestResult result) throws Exception {
		int status = result.getResponse().getStatus();
		if (status < 400) {
			return String.valueOf(status);
		}
		String body = result.getResponse().getContentAsString();
		return status + " " + JSON.readTree(body).get("type").asString();
	}

	private static String query(Map<String, String> fields) {
		StringJoiner query = new StringJoiner("&");
		fields.forEach((name, value) -> query.add(name + "=" + value));
		return query.toString();
	}

	private static String batch(Map<String, String> fields) {
		StringJoiner tensor = new StringJoiner(", ", "{", "}");
		fields.forEach((name, value) -> {
			if (!name.equals("seed")) {
				tensor.add("\"" + name + "\": " + json(name, value));
			}
		});
		String seed = fields.containsKey("seed") ? "\"seed\": " + fields.get("seed") + ", " : "";
		return "{" + seed + "\"format\": \"safetensors\", \"tensors\": [" + tensor + "]}";
	}

	private static String json(String name, String value) {
		return switch (name) {
			case "shape" -> "[" + value + "]";
			case "gain", "negativeSlope" -> value;
			default -> "\"" + value + "\"";
		};
	}

	private static String join(List<Long> dims) {
		StringJoiner joiner = new StringJoiner(",");
		dims.forEach((dim) -> joiner.add(Long.toString(dim)));
		return joiner.toString();
	}

}
