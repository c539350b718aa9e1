package io.glorot.system;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import io.glorot.generator.GeneratorChoice;
import io.glorot.generator.PhiloxGenerator;
import io.glorot.generator.torch.TorchCpu;

/**
 * Adds the generators the service answers with to {@code /actuator/info}.
 */
@Component
class GeneratorInfoContributor implements InfoContributor {

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> available = new LinkedHashMap<>();
		for (GeneratorChoice choice : GeneratorChoice.values()) {
			available.put(choice.id(), choice.takesTorchCpu()
					? Arrays.stream(TorchCpu.values()).map((cpu) -> choice.generator(cpu).version()).toList()
					: choice.generator(TorchCpu.AVX2).version());
		}
		builder.withDetail("generator", Map.of("default", PhiloxGenerator.VERSION, "available", available));
	}

}
