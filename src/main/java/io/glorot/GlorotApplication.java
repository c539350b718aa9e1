package io.glorot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The glorot weight service: Xavier-initialized tensors over HTTP, the same bits for the same request, always.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GlorotApplication {

	/**
	 * Starts the service.
	 * @param args command-line arguments, passed to Spring Boot
	 */
	public static void main(String[] args) {
		SpringApplication.run(GlorotApplication.class, args);
	}

}
