package io.glorot.generator;

import io.glorot.generator.numpy.NumpyGenerator;
import io.glorot.generator.numpy.NumpyLegacyGenerator;
import io.glorot.generator.torch.TorchCpu;
import io.glorot.generator.torch.TorchGenerator;
import io.glorot.init.WireEnum;
import io.glorot.tensor.TensorGenerator;

/**
 * The generators a request can choose with {@code generator=} (docs/compat.md).
 */
public enum GeneratorChoice implements WireEnum {

	/** The canonical {@code philox4x32-10/v1}. */
	PHILOX("philox"),

	/** PyTorch's CPU {@code xavier_uniform_}/{@code xavier_normal_}. */
	TORCH(TorchGenerator.NAME),

	/** NumPy's {@code default_rng(seed)} (PCG64). */
	NUMPY(NumpyGenerator.NAME),

	/** NumPy's legacy {@code np.random.seed(seed)} (MT19937). */
	NUMPY_LEGACY(NumpyLegacyGenerator.NAME);

	private static final TensorGenerator PHILOX_GENERATOR = new PhiloxGenerator();

	private static final TensorGenerator TORCH_AVX2 = new TorchGenerator(TorchCpu.AVX2);

	private static final TensorGenerator TORCH_DEFAULT = new TorchGenerator(TorchCpu.DEFAULT);

	private static final TensorGenerator NUMPY_GENERATOR = new NumpyGenerator();

	private static final TensorGenerator NUMPY_LEGACY_GENERATOR = new NumpyLegacyGenerator();

	private final String id;

	GeneratorChoice(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Tells whether the generator has CPU kernel variants to choose with {@code torchCpu}.
	 * @return true for torch only
	 */
	public boolean takesTorchCpu() {
		return this == TORCH;
	}

	/**
	 * Returns the generator (generators are stateless and shared).
	 * @param cpu the PyTorch CPU kernels, used by {@link #TORCH} only
	 * @return the generator
	 */
	public TensorGenerator generator(TorchCpu cpu) {
		return switch (this) {
			case PHILOX -> PHILOX_GENERATOR;
			case TORCH -> (cpu == TorchCpu.DEFAULT) ? TORCH_DEFAULT : TORCH_AVX2;
			case NUMPY -> NUMPY_GENERATOR;
			case NUMPY_LEGACY -> NUMPY_LEGACY_GENERATOR;
		};
	}

}
