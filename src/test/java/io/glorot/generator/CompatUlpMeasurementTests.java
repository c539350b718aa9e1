package io.glorot.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.glorot.tensor.DType;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the approximate cases over whole tensors rather than samples: run
 * {@code /usr/bin/python3 scripts/make_compat_fixtures.py --dump DIR}, then
 * {@code ./mvnw -B -q test -Dtest=CompatUlpMeasurementTests -Dglorot.compat.dump=DIR}. Prints, per fixture file,
 * dtype and size class, how many elements differ from the library's and by how many ulps at most; the figures are
 * in docs/compat.md.
 */
@EnabledIfSystemProperty(named = "glorot.compat.dump", matches = ".+")
class CompatUlpMeasurementTests {

	@Test
	void approximateCasesShouldStayWithinTheStatedBoundOnWholeTensors() throws IOException {
		Path dump = Path.of(System.getProperty("glorot.compat.dump"));
		Map<String, long[]> stats = new TreeMap<>();
		for (String file : CompatFixtures.FILES) {
			String prefix = file.substring(file.indexOf('/') + 1).replace(".json", "").replace("pcg64", "")
				.replaceAll("-$", "");
			for (CompatFixtures.Case c : CompatFixtures.load(file)) {
				if (c.exact()) {
					continue;
				}
				TensorSpec spec = c.spec();
				long[] ours = CompatFixtures.bits(spec, c.generator().open(spec));
				ByteBuffer theirs = ByteBuffer.wrap(Files.readAllBytes(dump.resolve(prefix + "-" + c.index() + ".bin")))
					.order(ByteOrder.LITTLE_ENDIAN);
				String key = file + " " + c.dtype().id() + " " + c.distribution().id()
						+ ((ours.length < 16) ? " (<16 elements)" : " (>=16 elements)");
				long[] s = stats.computeIfAbsent(key, (k) -> new long[3]);
				for (int i = 0; i < ours.length; i++) {
					long bits = (c.dtype() == DType.FLOAT64) ? theirs.getLong(8 * i)
							: theirs.getInt(4 * i) & 0xFFFFFFFFL;
					long ulps = CompatFixtures.ulps(ours[i], bits, c.dtype());
					s[0]++;
					s[1] += (ulps != 0) ? 1 : 0;
					s[2] = Math.max(s[2], ulps);
				}
			}
		}
		stats.forEach((key, s) -> System.out.printf("%-60s elements %9d  differing %7d (%.4f %%)  max %d ulp%n", key,
				s[0], s[1], 100.0 * s[1] / s[0], s[2]));
		assertThat(stats).isNotEmpty();
		stats.forEach((key, s) -> assertThat(s[2]).as(key)
			.isLessThanOrEqualTo(key.contains("float64") ? CompatFixtureTests.MAX_ULPS_FLOAT64
					: CompatFixtureTests.MAX_ULPS_FLOAT32));
	}

}
