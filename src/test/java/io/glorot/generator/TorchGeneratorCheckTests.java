package io.glorot.generator;

import org.junit.jupiter.api.Test;

import io.glorot.generator.torch.TorchCpu;
import io.glorot.init.Distribution;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.UnsupportedTensorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * PyTorch's normal_ switches from its scalar path to its 16-wide fill path at exactly 16 elements (docs/compat.md):
 * with torchCpu=default the fill path depends on glibc, so float32 normal tensors are refused from 16 elements on,
 * and served (exactly) below.
 */
class TorchGeneratorCheckTests {

	private final TensorGenerator cpuDefault = GeneratorChoice.TORCH.generator(TorchCpu.DEFAULT);

	private final TensorGenerator avx2 = GeneratorChoice.TORCH.generator(TorchCpu.AVX2);

	@Test
	void defaultCpuShouldRefuseFloat32NormalFromExactly16Elements() {
		TensorSpec fifteen = spec(this.cpuDefault, DType.FLOAT32, Distribution.NORMAL, 3, 5);
		this.cpuDefault.check(fifteen);
		assertThat(this.cpuDefault.exact(fifteen)).isFalse();
		TensorSpec sixteen = spec(this.cpuDefault, DType.FLOAT32, Distribution.NORMAL, 4, 4);
		assertThatExceptionOfType(UnsupportedTensorException.class).isThrownBy(() -> this.cpuDefault.check(sixteen))
			.satisfies((ex) -> {
				assertThat(ex.field()).isEqualTo("torchCpu");
				assertThat(ex.supported()).containsExactly("avx2");
				assertThat(ex).hasMessageContaining("16 or more elements");
			});
	}

	@Test
	void sixteenElementsShouldBeServedWhereTheFillPathIsReproducible() {
		// avx2 float32 normal, default float64 normal, default float32 uniform
		this.avx2.check(spec(this.avx2, DType.FLOAT32, Distribution.NORMAL, 4, 4));
		assertThat(this.avx2.exact(spec(this.avx2, DType.FLOAT32, Distribution.NORMAL, 4, 4))).isTrue();
		assertThat(this.avx2.exact(spec(this.avx2, DType.FLOAT32, Distribution.NORMAL, 3, 5))).isFalse();
		assertThat(this.avx2.exact(spec(this.avx2, DType.FLOAT64, Distribution.NORMAL, 4, 4))).isFalse();
		assertThat(this.avx2.exact(spec(this.avx2, DType.FLOAT32, Distribution.UNIFORM, 3, 5))).isTrue();
		this.cpuDefault.check(spec(this.cpuDefault, DType.FLOAT64, Distribution.NORMAL, 4, 4));
		this.cpuDefault.check(spec(this.cpuDefault, DType.FLOAT32, Distribution.UNIFORM, 4, 4));
	}

	private static TensorSpec spec(TensorGenerator generator, DType dtype, Distribution distribution, long... dims) {
		return CompatFixtures.spec(generator, Region.all(Shape.of(dims)), dtype, distribution, 1.0, 7);
	}

}
