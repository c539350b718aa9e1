package io.glorot.random;

/**
 * The Vector API kernels, loaded by name so that no other class links against {@code jdk.incubator.vector}:
 * without {@code --add-modules jdk.incubator.vector} they are absent and the scalar kernels serve.
 */
final class VectorKernels {

	/** Whether this JVM has the incubator module. */
	static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

	static final PhiloxUniformKernel UNIFORM = load("io.glorot.random.PhiloxUniformVectorKernel",
			PhiloxUniformKernel.class);

	static final PhiloxNormalKernel NORMAL = load("io.glorot.random.PhiloxNormalVectorKernel",
			PhiloxNormalKernel.class);

	private VectorKernels() {
	}

	/**
	 * The CPU's preferred vector size, as the Vector API sees it.
	 * @return bits (0 without the module)
	 */
	static int preferredBits() {
		return (UNIFORM != null) ? PreferredSize.bits() : 0;
	}

	/** Kept apart so that this class links against the module only when it is there. */
	private static final class PreferredSize {

		static int bits() {
			return jdk.incubator.vector.LongVector.SPECIES_PREFERRED.vectorBitSize();
		}

	}

	private static <T> T load(String name, Class<T> type) {
		if (!MODULE_PRESENT) {
			return null;
		}
		try {
			return type.cast(Class.forName(name).getDeclaredConstructor().newInstance());
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return null;
		}
	}

}
