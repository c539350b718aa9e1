package io.glorot.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM started without {@code jdk.incubator.vector} serves with the scalar kernels and says why, even when the
 * vector kernels are asked for. It starts a child JVM, so it lives outside the core packages whose unit tests PIT
 * runs (docs/testing.md).
 */
class KernelFallbackTests {

	@Test
	void withoutTheModuleTheScalarKernelsServeAndSaySo() throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				"-Dglorot.kernel=vector", KernelChoiceMain.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(output).isEqualTo("uniform=scalar normal=scalar: glorot.kernel=vector, but jdk.incubator.vector "
				+ "is not in this JVM (start it with --add-modules jdk.incubator.vector): scalar\n");
	}

}
