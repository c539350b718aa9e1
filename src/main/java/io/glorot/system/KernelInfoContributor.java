package io.glorot.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import io.glorot.random.KernelChoice;

/**
 * At start-up, says in one log line which kernels serve and why, and starts their calibration
 * ({@link KernelChoice#calibrate()}), whose result a second log line gives; {@code /actuator/info} names the
 * kernels serving now under {@code kernel}.
 */
@Component
class KernelInfoContributor implements InfoContributor {

	private static final Logger log = LoggerFactory.getLogger(KernelInfoContributor.class);

	KernelInfoContributor() {
		KernelChoice first = KernelChoice.current();
		log.info("Kernels: {} ({})", first.summary(), first.reason());
		KernelChoice.calibrate().thenAccept((measured) -> {
			if (measured != first) {
				log.info("Kernels: {} ({})", measured.summary(), measured.reason());
			}
		});
	}

	@Override
	public void contribute(Info.Builder builder) {
		KernelChoice choice = KernelChoice.current();
		Map<String, Object> kernel = new LinkedHashMap<>();
		kernel.put("uniform", choice.uniform().name());
		kernel.put("normal", choice.normal().name());
		kernel.put("reason", choice.reason());
		builder.withDetail("kernel", kernel);
	}

}
