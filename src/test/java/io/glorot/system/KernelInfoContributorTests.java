package io.glorot.system;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;

import io.glorot.random.KernelChoice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/info} names the kernels that serve and why.
 */
class KernelInfoContributorTests {

	@Test
	void infoNamesTheKernelsAndTheReason() {
		Info.Builder builder = new Info.Builder();
		new KernelInfoContributor().contribute(builder);
		KernelChoice choice = KernelChoice.current();
		assertThat(builder.build().getDetails()).containsEntry("kernel", Map.of("uniform", choice.uniform().name(),
				"normal", choice.normal().name(), "reason", choice.reason()));
		assertThat(choice.reason()).isNotBlank();
	}

}
