package io.glorot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No package of the service holds more than {@value #MAX_FILES} source files: past that, a package is several
 * rooms in one, and a newcomer cannot find the one they need (split it by feature, as {@code web} is).
 */
class PackageSizeTests {

	static final int MAX_FILES = 20;

	@Test
	void everyPackageHoldsAtMostTwentyFiles() throws IOException {
		Path main = Path.of("src", "main", "java");
		Map<String, Integer> sizes = new TreeMap<>();
		try (Stream<Path> files = Files.walk(main)) {
			files.filter((file) -> file.toString().endsWith(".java"))
				.forEach((file) -> sizes.merge(main.relativize(file.getParent()).toString().replace('/', '.'), 1,
						Integer::sum));
		}
		assertThat(sizes).isNotEmpty().containsKey("io.glorot.web.weights");
		assertThat(sizes).allSatisfy((pkg, count) -> assertThat(count).as(pkg).isLessThanOrEqualTo(MAX_FILES));
	}

}
