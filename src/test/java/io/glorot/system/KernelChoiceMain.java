package io.glorot.system;

import io.glorot.random.KernelChoice;

/**
 * Prints this JVM's {@link KernelChoice}, for {@code KernelFallbackTests}' child JVM.
 */
public final class KernelChoiceMain {

	private KernelChoiceMain() {
	}

	public static void main(String[] args) {
		KernelChoice choice = KernelChoice.current();
		System.out.print(choice.summary() + ": " + choice.reason() + "\n");
	}

}
