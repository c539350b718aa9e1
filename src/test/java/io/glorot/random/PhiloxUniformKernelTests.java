package io.glorot.random;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vector API kernel and the scalar one give the same bits (the tests run with
 * {@code --add-modules jdk.incubator.vector}), and both equal spec §3 element by element.
 */
class PhiloxUniformKernelTests {

	@Test
	void vectorKernelShouldLoadWhenModuleIsPresent() {
		// which kernel serves is KernelChoice's (KernelChoiceTests)
		assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
		assertThat(PhiloxUniformKernel.vector()).hasValueSatisfying((k) -> assertThat(k.name()).startsWith("vector-"));
	}

	@Property(tries = 300)
	void vectorKernelShouldEqualScalarKernel(@ForAll long seed, @ForAll long stream, @ForAll long firstBlock,
			@ForAll @IntRange(min = 0, max = 70) int blocks, @ForAll @DoubleRange(min = 0.001, max = 10) @Scale(6) double bound) {
		PhiloxKey key = PhiloxKey.fromSeed(seed);
		long first = firstBlock >>> 2;
		double scaled = bound * 0x1.0p-32;
		float[] scalar = new float[4 * blocks + 3];
		float[] vector = new float[4 * blocks + 3];
		PhiloxUniformKernel.scalar().fillBlocks(key, stream, first, blocks, scaled, scalar, 3);
		PhiloxUniformKernel.vector().orElseThrow().fillBlocks(key, stream, first, blocks, scaled, vector, 3);
		assertThat(vector).containsExactly(scalar);
		int[] words = new int[4];
		for (int b = 0; b < blocks; b++) {
			Philox4x32.block(key, stream, first + b, words, 0);
			for (int k = 0; k < 4; k++) {
				assertThat(scalar[3 + 4 * b + k]).isEqualTo((float) Variates.uniform(words[k], bound));
			}
		}
	}

}
