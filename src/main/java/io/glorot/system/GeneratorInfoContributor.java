package io.glorot.system;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import io.glorot.generator.PhiloxGenerator;

/**
 * Adds the generators the service answers with to {@code /actuator/info}.
 */
@Component
class GeneratorInfoContributor implements InfoContributor {

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("generator", Map.of("default", PhiloxGenerator.VERSION));
	}

}
