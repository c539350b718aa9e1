package io.glorot.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

import io.glorot.system.ConnectionProperties;
import io.glorot.system.ConnectorProperties;
import io.glorot.system.CorsProperties;
import io.glorot.system.GenerationProperties;
import io.glorot.web.admission.AdmissionProperties;
import io.glorot.web.admission.MemoryBudgetProperties;
import io.glorot.web.cache.RepeatCacheProperties;
import io.glorot.web.request.LimitsProperties;


/**
 * A Spring MVC slice of the service for tests that need no real server: the web layer and what it is built from
 * (the {@code web} and {@code system} packages), with MockMvc, and without Tomcat, the actuator or springdoc. It
 * starts faster than the whole application; tests of streaming, the Tomcat valve, body limits and shutdown keep
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import(WebSliceTest.Components.class)
public @interface WebSliceTest {

	/**
	 * Properties for the test, as {@code name=value}.
	 * @return the properties
	 */
	@AliasFor(annotation = WebMvcTest.class, attribute = "properties")
	String[] properties() default {};

	/** The web layer's own components, which a plain {@code @WebMvcTest} leaves out. */
	@TestConfiguration(proxyBeanMethods = false)
	@ComponentScan({ "io.glorot.web", "io.glorot.system" })
	@EnableConfigurationProperties({ LimitsProperties.class, AdmissionProperties.class, MemoryBudgetProperties.class,
			CorsProperties.class, GenerationProperties.class, RepeatCacheProperties.class, ConnectorProperties.class,
			ConnectionProperties.class })
	class Components {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
