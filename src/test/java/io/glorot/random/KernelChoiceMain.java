package io.glorot.random;

/**
 * Prints this JVM's {@link KernelChoice}, for {@code KernelChoiceTests}' child JVM.
 */
public final class KernelChoiceMain {

	private KernelChoiceMain() {
	}

	public static void main(String[] args) {
		KernelChoice choice = KernelChoice.current();
		System.out.print(choice.summary() + ": " + choice.reason() + "\n");
	}

}
