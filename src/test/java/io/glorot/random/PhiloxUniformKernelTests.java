package io.glorot.random;

import org.junit.jupiter.api.Test;

import io.glorot.testing.RandomCases;

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

	@Test
	void vectorKernelShouldEqualScalarKernel() {
		RandomCases.check(300, (draw) -> vectorKernelShouldEqualScalarKernel(draw.anyLong(), draw.anyLong(),
				draw.anyLong(), draw.intBetween(0, 70), draw.doubleBetween(0.001, 10)));
	}

	private static void vectorKernelShouldEqualScalarKernel(long seed, long stream, long firstBlock, int blocks,
			double bound) {
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
