package io.glorot.random;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How {@link KernelChoice} chooses: the override property and the measurement. The fall-back to scalar in a JVM
 * without {@code jdk.incubator.vector} needs a child JVM, so it is tested outside the core packages
 * ({@code io.glorot.system.KernelFallbackTests}).
 */
class KernelChoiceTests {

	@Test
	void scalarOverride() {
		KernelChoice choice = KernelChoice.choose("scalar", 10);
		assertThat(choice.summary()).isEqualTo("uniform=scalar normal=scalar");
		assertThat(choice.reason()).isEqualTo("glorot.kernel=scalar");
	}

	@Test
	void vectorOverrideWithTheModule() {
		KernelChoice choice = KernelChoice.choose(" Vector ", 10);
		assertThat(choice.uniform().name()).startsWith("vector-");
		assertThat(choice.normal().name()).startsWith("vector-");
		assertThat(choice.reason()).isEqualTo("glorot.kernel=vector");
	}

	@Test
	void autoMeasuresBothKernelsOfEachDistribution() {
		KernelChoice choice = KernelChoice.choose(null, 5);
		assertThat(choice.reason()).startsWith("measured (256 values per round, best round after 5 ms of CPU warm-up each; a result against the"
				+ " CPU's prior is measured again, up to 3 times): ")
			.contains("uniform scalar ")
			.contains("normal scalar ")
			.contains(PhiloxNormalKernel.vector().orElseThrow().name());
		assertThat(List.of(choice.normal().name())).containsAnyOf("scalar", PhiloxNormalKernel.vector().get().name());
	}

	@Test
	void beforeMeasuringTheCpusPreferredWidthDecides() {
		KernelChoice prior = KernelChoice.prior("auto");
		int bits = VectorKernels.preferredBits();
		assertThat(prior.reason()).isEqualTo("from the CPU until measured: preferred vector " + bits + " bits");
		assertThat(prior.normal().name()).isEqualTo((bits >= 512) ? "vector-" + bits + "bit" : "scalar");
	}

	@Test
	void aMeasurementAgainstThePriorIsRepeatedAndOverrulesItOnlyWhenRepeatsAgree() {
		// best times {scalar, vector}: a vector kernel the JIT has not compiled yet loses the first measurement
		long[][] notYetCompiled = { { 1380, 4320 }, { 1370, 1020 } };
		int[] calls = new int[1];
		assertThat(KernelChoice.confirmed(() -> notYetCompiled[calls[0]++], true)).containsExactly(1370, 1020);
		assertThat(calls[0]).isEqualTo(2);
		// a vector kernel that keeps losing overrules the prior after CONFIRMATIONS measurements
		calls[0] = 0;
		assertThat(KernelChoice.confirmed(() -> new long[] { 100, 200 + calls[0]++ }, true)).containsExactly(100, 202);
		assertThat(calls[0]).isEqualTo(KernelChoice.CONFIRMATIONS);
		// a result that agrees with the prior is taken at once, either way
		calls[0] = 0;
		assertThat(KernelChoice.confirmed(() -> new long[] { 100 + calls[0]++, 200 }, false)).containsExactly(100, 200);
		calls[0] = 0;
		assertThat(KernelChoice.confirmed(() -> new long[] { 300 + calls[0]++, 200 }, true)).containsExactly(300, 200);
		assertThat(calls[0]).isEqualTo(1);
	}

	@Test
	void anUnknownOverrideIsRefusedWithTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> KernelChoice.choose("gpu", 10))
			.withMessage("glorot.kernel must be auto, scalar or vector, not 'gpu'");
	}

}
