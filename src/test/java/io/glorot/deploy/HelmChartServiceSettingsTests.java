package io.glorot.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.glorot.system.ConnectionProperties;
import io.glorot.system.ConnectorProperties;
import io.glorot.web.admission.MemoryBudgetProperties;
import io.glorot.web.cache.RepeatCacheProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The chart's values for the service's connection defence ({@code glorot.connections}), connector
 * ({@code glorot.connector}), memory-bounded admission ({@code glorot.admission.memory}) and repeat cache
 * ({@code glorot.cache}, with its volume): what renders is bound with Spring's own binder into the service's
 * property records, sizes given as Kubernetes quantities reach the service as the same number of bytes, and values
 * that cannot work are refused at render with a message naming them.
 */
class HelmChartServiceSettingsTests {

	private static final Path CHART = Path.of("helm", "glorot");

	private static final Path SETTINGS = CHART.resolve(Path.of("ci", "service-settings-values.yaml"));

	@Test
	void defaultsShouldBeTheServicesOwnDefaultsWithTheCacheOff() {
		Map<String, Object> deployment = deployment(template());
		Binder binder = binder(env(deployment));
		assertThat(binder.bind("glorot.connections", ConnectionProperties.class).get())
			.isEqualTo(new ConnectionProperties(DataSize.ofKilobytes(256), Duration.ofSeconds(10), 256));
		assertThat(binder.bind("glorot.connector", ConnectorProperties.class).get())
			.isEqualTo(new ConnectorProperties(DataSize.ofKilobytes(64), true));
		assertThat(binder.bind("glorot.admission.memory", MemoryBudgetProperties.class).get())
			.isEqualTo(new MemoryBudgetProperties(DataSize.ofBytes(0), 0.4));
		assertThat(binder.bind("server.tomcat.max-connections", Integer.class).get()).isEqualTo(8192);
		assertThat(binder.bind("server.tomcat.connection-timeout", Duration.class).get()).isEqualTo(Duration.ofSeconds(30));
		assertThat(env(deployment)).doesNotContainKeys("GLOROT_CACHE_MAXSIZE", "GLOROT_CACHE_DIRECTORY");
		assertThat(volumeNames(deployment)).containsExactly("tmp");
		assertThat(container(deployment).get("resources")).isEqualTo(Map.of("requests", Map.of("cpu", "2", "memory",
				"1Gi"), "limits", Map.of("cpu", "2", "memory", "1Gi")));
	}

	@Test
	void settingsValuesShouldBindIntoTheServicesRecords() {
		Map<String, Object> deployment = deployment(template().withValuesFile(SETTINGS));
		Binder binder = binder(env(deployment));
		assertThat(binder.bind("glorot.connections", ConnectionProperties.class).get())
			.isEqualTo(new ConnectionProperties(DataSize.ofKilobytes(512), Duration.ofSeconds(20), 0));
		assertThat(binder.bind("glorot.connector", ConnectorProperties.class).get())
			.isEqualTo(new ConnectorProperties(DataSize.ofKilobytes(128), false));
		assertThat(binder.bind("glorot.admission.memory", MemoryBudgetProperties.class).get())
			.isEqualTo(new MemoryBudgetProperties(DataSize.ofMegabytes(256), 0.3));
		assertThat(binder.bind("glorot.cache", RepeatCacheProperties.class).get())
			.isEqualTo(new RepeatCacheProperties(DataSize.ofGigabytes(20), Path.of("/var/cache/glorot"),
					DataSize.ofMegabytes(4)));
		assertThat(binder.bind("server.tomcat.max-connections", Integer.class).get()).isEqualTo(4096);
		assertThat(binder.bind("server.tomcat.connection-timeout", Duration.class).get()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void cacheOnAnEmptyDirShouldBeMountedAtItsDirectoryWithRoomAboveTheBudget() {
		Map<String, Object> deployment = deployment(template().withValuesFile(SETTINGS));
		assertThat(container(deployment).get("volumeMounts")).isEqualTo(List.of(Map.of("name", "tmp", "mountPath",
				"/tmp"), Map.of("name", "cache", "mountPath", "/var/cache/glorot")));
		// 20 GiB and a quarter of it: 25 GiB; the request covers it and /tmp's 64 MiB
		assertThat(volume(deployment, "cache")).isEqualTo(Map.of("name", "cache", "emptyDir", Map.of("sizeLimit",
				"25600Mi")));
		assertThat(requests(deployment)).containsEntry("ephemeral-storage", "25664Mi");
		// a small budget gets at least 256 MiB of margin
		Map<String, Object> small = deployment(template().set("glorot.cache.maxSize", "100M"));
		assertThat(volume(small, "cache")).isEqualTo(Map.of("name", "cache", "emptyDir", Map.of("sizeLimit",
				"352Mi")));
		assertThat(env(small)).containsEntry("GLOROT_CACHE_MAXSIZE", "100000000B")
			.containsEntry("GLOROT_CACHE_DIRECTORY", "/var/cache/glorot");
		// a sizeLimit given is used as it is, and an ephemeral-storage request given is kept
		Map<String, Object> given = deployment(template().set("glorot.cache.maxSize", "10Gi")
			.set("glorot.cache.volume.sizeLimit", "10Gi")
			.set("resources.requests.ephemeral-storage", "2Gi"));
		assertThat(volume(given, "cache")).isEqualTo(Map.of("name", "cache", "emptyDir", Map.of("sizeLimit", "10Gi")));
		assertThat(requests(given)).containsEntry("ephemeral-storage", "2Gi");
	}

	@Test
	void cacheBudgetLargerThanItsEmptyDirShouldBeRefused() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.cache.maxSize", "20Gi")
			.set("glorot.cache.volume.sizeLimit", "20G")
			.call())
			.withMessageContaining("glorot.cache.maxSize (20Gi) must not exceed glorot.cache.volume.sizeLimit (20G)");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.cache.maxSize", "20Gi")
			.set("resources.limits.ephemeral-storage", "20Gi")
			.call())
			.withMessageContaining("resources.limits.ephemeral-storage (20Gi) must cover the repeat cache's emptyDir "
					+ "and /tmp (25664Mi)");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.cache.maxSize", "1Gi")
			.set("glorot.cache.directory", "/tmp")
			.call()).withMessageContaining("/glorot/cache/directory");
	}

	@Test
	void cacheOnAnExistingClaimShouldServeOnePodOnly() {
		Map<String, Object> deployment = deployment(template().withValuesFile(CHART.resolve(Path.of("ci",
				"cache-claim-values.yaml"))));
		assertThat(volume(deployment, "cache")).isEqualTo(Map.of("name", "cache", "persistentVolumeClaim",
				Map.of("claimName", "glorot-cache")));
		assertThat(requests(deployment)).containsEntry("ephemeral-storage", "256Mi");
		assertThat(env(deployment)).containsEntry("GLOROT_CACHE_DIRECTORY", "/cache");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.cache.maxSize", "1Gi")
			.set("glorot.cache.volume.existingClaim", "glorot-cache")
			.call()).withMessageContaining("glorot.cache.volume.existingClaim (glorot-cache) serves one pod only");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.cache.maxSize", "1Gi")
			.set("glorot.cache.volume.existingClaim", "glorot-cache")
			.set("replicaCount", "1")
			.set("autoscaling.enabled", "true")
			.call()).withMessageContaining("serves one pod only");
	}

	@Test
	void socketBufferTomcatCannotTakeShouldBeRefused() {
		assertThat(env(deployment(template().set("glorot.connector.writeBuffer", "2147483647"))))
			.containsEntry("GLOROT_CONNECTOR_WRITEBUFFER", "2147483647B");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.connector.writeBuffer", "2Gi").call())
			.withMessageContaining("glorot.connector.writeBuffer (2Gi) must be below 2Gi");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.connections.sendBuffer", "3G").call())
			.withMessageContaining("glorot.connections.sendBuffer (3G) must be below 2Gi");
	}

	@Test
	void admissionBudgetShouldLeaveAQuarterOfTheHeap() {
		// 1 GiB limit, MaxRAMPercentage=75: a 768 MiB heap, of which the budget may take 576 MiB
		assertThat(env(deployment(template().set("glorot.admission.memory.budget", "576Mi"))))
			.containsEntry("GLOROT_ADMISSION_MEMORY_BUDGET", "603979776B");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.admission.memory.budget", "577Mi")
			.call())
			.withMessageContaining("glorot.admission.memory.budget (577Mi) must not exceed 3/4 of the heap (576 MiB of "
					+ "768 MiB");
		// the heap follows the JVM flags: the last -Xmx, else the last MaxRAMPercentage
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.admission.memory.budget", "400Mi")
			.set("jvm.extraOptions", "-XX:MaxRAMPercentage=50")
			.call()).withMessageContaining("(384 MiB of 512 MiB");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.admission.memory.budget", "400Mi")
			.set("jvm.extraOptions", "-Xmx512m")
			.call()).withMessageContaining("(384 MiB of 512 MiB");
		assertThatIllegalStateException().isThrownBy(() -> template().set("glorot.admission.memory.heapFraction", "0.8")
			.call()).withMessageContaining("/glorot/admission/memory/heapFraction");
	}

	@Test
	void quantitiesShouldReachTheServiceAsTheirKubernetesByteCount() {
		long seed = 20261130L;
		SplittableRandom random = new SplittableRandom(seed);
		// disk sizes up to TiB; socket buffers below 2 GiB (an int in Tomcat)
		String[][] suffixes = { { "", "k", "M", "G", "T", "Ki", "Mi", "Gi", "Ti" }, { "", "k", "M", "Ki", "Mi" } };
		String[] values = { "glorot.cache.maxSize", "glorot.cache.minAnswerSize", "glorot.connections.sendBuffer",
				"glorot.connector.writeBuffer" };
		String[] variables = { "GLOROT_CACHE_MAXSIZE", "GLOROT_CACHE_MINANSWERSIZE", "GLOROT_CONNECTIONS_SENDBUFFER",
				"GLOROT_CONNECTOR_WRITEBUFFER" };
		for (int round = 0; round < 12; round++) {
			TemplateCommand template = template().set("glorot.cache.volume.sizeLimit", "8000Ti");
			String[] quantities = new String[values.length];
			for (int i = 0; i < values.length; i++) {
				String[] allowed = suffixes[(i < 2) ? 0 : 1];
				String suffix = allowed[random.nextInt(allowed.length)];
				// fractions a binary multiple holds exactly; up to three decimals of a decimal one
				String fraction = suffix.endsWith("i") ? List.of("", ".5", ".25", ".75").get(random.nextInt(4))
						: (suffix.isEmpty() ? "" : List.of("", "." + random.nextInt(10), "." + random.nextInt(1000))
							.get(random.nextInt(3)));
				quantities[i] = (1 + random.nextInt((i < 2) ? 4096 : 2047)) + fraction + suffix;
				template = template.set(values[i], quantities[i]);
			}
			Map<String, String> env = env(deployment(template));
			for (int i = 0; i < values.length; i++) {
				long bytes = Quantity.getAmountInBytes(new Quantity(quantities[i])).longValueExact();
				assertThat(DataSize.parse(env.get(variables[i])).toBytes())
					.as("seed %d round %d: %s=%s", seed, round, values[i], quantities[i])
					.isEqualTo(bytes);
			}
		}
	}

	@Test
	void notesWhenBehindAProxyWithThePerClientCapShouldWarn() {
		String warning = "WARNING: glorot.connections.maxPerClient is 256 behind an Ingress";
		assertThat(notes(install().set("ingress.enabled", "true")
			.set("ingress.hosts[0].host", "weights.example.com")
			.set("ingress.hosts[0].paths[0].path", "/")
			.set("ingress.hosts[0].paths[0].pathType", "Prefix"))).contains(warning, "Set it to 0");
		assertThat(notes(install().set("httpRoute.enabled", "true").set("httpRoute.parentRefs[0].name", "public")))
			.contains("WARNING: glorot.connections.maxPerClient is 256 behind an HTTPRoute");
		assertThat(notes(install().set("httpRoute.enabled", "true")
			.set("httpRoute.parentRefs[0].name", "public")
			.set("glorot.connections.maxPerClient", "0"))).doesNotContain("WARNING");
		assertThat(notes(install().set("glorot.cache.maxSize", "1Gi")))
			.contains("Repeat cache: up to 1Gi of answers in /var/cache/glorot (emptyDir of 1280Mi).")
			.doesNotContain("WARNING");
	}

	private static TemplateCommand template() {
		return new Helm(CHART).template().withName("glorot").withNamespace("ml").withKubeVersion("1.31.0");
	}

	private static InstallCommand install() {
		return new Helm(CHART).install().withName("glorot").withNamespace("ml").withKubeVersion("1.31.0").dryRun()
			.clientOnly();
	}

	private static String notes(InstallCommand install) {
		String output = install.call().getOutput();
		return output.substring(output.indexOf("NOTES:"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> deployment(TemplateCommand template) {
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(template.call())) {
			if (document instanceof Map<?, ?> map && "Deployment".equals(map.get("kind"))) {
				return (Map<String, Object>) map;
			}
		}
		throw new AssertionError("no Deployment rendered");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> podSpec(Map<String, Object> deployment) {
		return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
			.get("template")).get("spec");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> container(Map<String, Object> deployment) {
		return ((List<Map<String, Object>>) podSpec(deployment).get("containers")).get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> requests(Map<String, Object> deployment) {
		return (Map<String, Object>) ((Map<String, Object>) container(deployment).get("resources")).get("requests");
	}

	@SuppressWarnings("unchecked")
	private static List<String> volumeNames(Map<String, Object> deployment) {
		return ((List<Map<String, Object>>) podSpec(deployment).get("volumes")).stream()
			.map((volume) -> (String) volume.get("name"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
		return ((List<Map<String, Object>>) podSpec(deployment).get("volumes")).stream()
			.filter((volume) -> name.equals(volume.get("name")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> env(Map<String, Object> deployment) {
		Map<String, String> env = new LinkedHashMap<>();
		for (Map<String, Object> variable : (List<Map<String, Object>>) container(deployment).get("env")) {
			env.put((String) variable.get("name"), (String) variable.get("value"));
		}
		return env;
	}

	private static Binder binder(Map<String, String> env) {
		return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env))));
	}

}
