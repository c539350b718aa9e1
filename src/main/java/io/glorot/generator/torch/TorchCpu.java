package io.glorot.generator.torch;

import io.glorot.init.WireEnum;

/**
 * Which of PyTorch's CPU kernels to reproduce (pytorch.md §3, §4.2): the AVX2 ones every x86-64 build runs on
 * CPUs with AVX2 and FMA, or the baseline ones ({@code ATEN_CPU_CAPABILITY=default}, or CPUs without AVX2).
 */
public enum TorchCpu implements WireEnum {

	/** The AVX2+FMA kernels (fused multiply-adds, the avx_mathfun float32 normal). */
	AVX2("avx2"),

	/** The baseline kernels (no fused multiply-adds). */
	DEFAULT("default");

	private final String id;

	TorchCpu(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

}
