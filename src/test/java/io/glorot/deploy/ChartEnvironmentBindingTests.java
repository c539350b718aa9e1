package io.glorot.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Spring environment variable the chart renders ({@code GLOROT_*}, {@code SPRING_*}, {@code SERVER_*},
 * {@code MANAGEMENT_*}, {@code LOGGING_*}, {@code SPRINGDOC_*}), over the matrix of value files, names a
 * configuration property the service reads ({@link ServiceProperties}). Spring ignores a variable that binds to
 * nothing, so a typo in the chart (or a property renamed in the service) would otherwise ship a setting that
 * silently does nothing.
 */
class ChartEnvironmentBindingTests {

	private static ServiceProperties properties;

	@BeforeAll
	static void loadProperties() {
		properties = ServiceProperties.load();
	}

	static Stream<Path> valueFiles() throws IOException {
		return HelmChartMatrixTests.valueFiles();
	}

	@ParameterizedTest
	@MethodSource("valueFiles")
	void everySpringVariableTheChartRendersShouldNameAPropertyOfTheService(Path values) {
		Map<String, String> env = env(new Helm(Path.of("helm", "glorot")).template()
			.withName("glorot")
			.withNamespace("ml")
			.withKubeVersion("1.31.0")
			.withValuesFile(values)
			.call());
		assertThat(env.keySet()).filteredOn((name) -> ServiceProperties.SPRING_VARIABLE.matcher(name).matches())
			.hasSizeGreaterThan(25);
		assertThat(properties.unbound(env)).as(values.toString()).isEmpty();
	}

	@Test
	void unboundWhenVariableIsMisspelledOrUnknownShouldNameIt() {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("GLOROT_CONNECTIONS_MAXPERCLIENT", "0");
		env.put("GLOROT_CONNECTIONS_MAXPERCLIENTS", "0");
		env.put("GLOROT_CACHE_MAXSIZE", "1B");
		env.put("GLOROT_CACHE_MAX_SIZE", "1B");
		env.put("GLOROT_LOGGING_ANSWERS", "true");
		env.put("SERVER_TOMCAT_CONNECTIONTIMEOUT", "30s");
		env.put("SERVER_TOMCAT_CONECTIONTIMEOUT", "30s");
		env.put("LOGGING_LEVEL_IO_GLOROT", "DEBUG");
		env.put("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS", "true");
		env.put("SPRINGDOC_SWAGGERUI_ENABLED", "false");
		env.put("SPRINGDOC_SWAGGER_UI_ENABLE", "false");
		env.put("JDK_JAVA_OPTIONS", "-Xmx1g");
		assertThat(properties.unbound(env)).containsExactly("GLOROT_CONNECTIONS_MAXPERCLIENTS",
				"GLOROT_CACHE_MAX_SIZE", "SERVER_TOMCAT_CONECTIONTIMEOUT", "SPRINGDOC_SWAGGER_UI_ENABLE");
	}

	@Test
	void ownPropertiesShouldComeFromTheRecordsAndThePlaceholders() {
		assertThat(properties.own()).contains("glorot.connections.max-per-client", "glorot.connections.send-buffer",
				"glorot.admission.memory.heap-fraction", "glorot.cache.max-size", "glorot.connector.write-buffer",
				"glorot.limits.max-elements", "glorot.logging.answers");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> env(String yaml) {
		Map<String, String> env = new LinkedHashMap<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document instanceof Map<?, ?> map && "Deployment".equals(map.get("kind"))) {
				Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) map
					.get("spec")).get("template")).get("spec");
				for (Map<String, Object> container : (List<Map<String, Object>>) spec.get("containers")) {
					for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
						env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
					}
				}
			}
		}
		return env;
	}

}
