package io.glorot.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The chart over a matrix of value files, as chart-testing does: every {@code helm/glorot/ci/*-values.yaml} and
 * every preset {@code helm/glorot/values-*.yaml} renders, every rendered object reads strictly (a field the
 * Kubernetes model does not know fails) and the release obeys {@link ManifestRules}. Each rendering is also
 * written to {@code target/helm-rendered/matrix-<name>.yaml} for the schema check of step 41. The second half
 * breaks the rendered defaults (and the service settings of {@code ci/service-settings-values.yaml}: the repeat
 * cache's volume, the admission budget) on purpose, one defect at a time, and proves each is caught.
 */
class HelmChartMatrixTests {

	private static final Path CHART = Path.of("helm", "glorot");

	static Stream<Path> valueFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		try (Stream<Path> ci = Files.list(CHART.resolve("ci")); Stream<Path> presets = Files.list(CHART)) {
			ci.filter((file) -> file.getFileName().toString().endsWith("-values.yaml")).forEach(files::add);
			presets.filter((file) -> file.getFileName().toString().matches("values-.+\\.yaml")).forEach(files::add);
		}
		assertThat(files).hasSizeGreaterThanOrEqualTo(4);
		return files.stream().sorted();
	}

	@ParameterizedTest
	@MethodSource("valueFiles")
	void renderWhenValueFileShouldReadStrictlyAndObeyTheRules(Path values) throws IOException {
		String yaml = new Helm(CHART).template()
			.withName("glorot")
			.withNamespace("ml")
			.withKubeVersion("1.31.0")
			.withValuesFile(values)
			.call();
		Path rendered = Path.of("target", "helm-rendered",
				"matrix-" + values.getFileName().toString().replaceFirst("\\.yaml$", "") + ".yaml");
		Files.createDirectories(rendered.getParent());
		Files.writeString(rendered, yaml);
		List<HasMetadata> objects = documents(yaml).stream().map(StrictManifestReader::read).toList();
		assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service");
		assertThat(ManifestRules.check(objects)).as(values.toString()).isEmpty();
	}

	@Test
	void strictReadWhenFieldIsMisspelledShouldNameIt() throws IOException {
		assertUnknownField((deployment) -> rename(container(deployment, "securityContext"), "readOnlyRootFilesystem",
				"readOnlyRootFileSystem"), "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
		assertUnknownField((deployment) -> rename(podSpec(deployment), "terminationGracePeriodSeconds",
				"terminationGracePeriodSecond"), "spec.template.spec.terminationGracePeriodSecond");
		assertUnknownField((deployment) -> rename(map(deployment, "spec"), "strategy", "stratgy"), "spec.stratgy");
	}

	@Test
	void strictReadWhenKindHasNoModelShouldFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StrictManifestReader.read(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
					"metadata", Map.of("name", "w"))))
			.withMessageContaining("no typed model");
	}

	@Test
	void rulesWhenReleaseIsBrokenShouldNameEachDefect() throws IOException {
		assertViolation((docs) -> labels(one(docs, "Service"), "spec", "selector").put("app.kubernetes.io/name", "other"),
				"Service glorot: spec.selector");
		assertViolation((docs) -> labels(one(docs, "Deployment"), "spec", "selector", "matchLabels")
			.put("tier", "api"), "Deployment glorot: spec.selector does not match the pod template's labels");
		assertViolation((docs) -> map(map(container(one(docs, "Deployment"), "resources"), "requests")).put("memory",
				"2Gi"), "memory request 2Gi exceeds its limit 1Gi");
		assertViolation((docs) -> map(one(docs, "PodDisruptionBudget"), "spec").put("minAvailable", 1),
				"PodDisruptionBudget glorot: sets both minAvailable and maxUnavailable");
		assertViolation((docs) -> ports(one(docs, "Service")).get(1).put("targetPort", "metrics"),
				"targetPort metrics is not a port of the container(s)");
		assertViolation((docs) -> map(map(container(one(docs, "Deployment"), "readinessProbe"), "httpGet")).put("port",
				"htp"), "probe htp is not a port of the container(s)");
		assertViolation((docs) -> docs.add(strayPod(one(docs, "Deployment"))),
				"Service glorot: selector also selects Pod stray");
		assertViolation((docs) -> container(one(docs, "Deployment"), "securityContext").put("privileged", true),
				"restricted: privileged");
		assertViolation((docs) -> container(one(docs, "Deployment"), "securityContext").put("readOnlyRootFilesystem",
				false), "readOnlyRootFilesystem is not true");
		assertViolation((docs) -> {
			container(one(docs, "Deployment"), "securityContext").remove("runAsNonRoot");
			map(podSpec(one(docs, "Deployment")), "securityContext").remove("runAsNonRoot");
		}, "restricted: runAsNonRoot is not true");
	}

	@Test
	void rulesWhenRepeatCacheHasNoVolumeForItsBudgetShouldSayWhy() throws IOException {
		Path values = CHART.resolve(Path.of("ci", "service-settings-values.yaml"));
		assertViolation(values, (docs) -> mounts(one(docs, "Deployment")).removeIf((mount) -> "cache".equals(
				mount.get("name"))), "repeat cache directory /var/cache/glorot is on no mounted volume");
		assertViolation(values, (docs) -> cacheVolume(one(docs, "Deployment")).put("sizeLimit", "10Gi"),
				"emptyDir cache sizeLimit 10Gi is below the cache budget 21474836480 bytes");
		assertViolation(values, (docs) -> cacheVolume(one(docs, "Deployment")).remove("sizeLimit"),
				"is on emptyDir cache with no sizeLimit");
		assertViolation(values, (docs) -> cacheVolume(one(docs, "Deployment")).put("medium", "Memory"),
				"is on a memory-backed emptyDir");
		assertViolation(values, (docs) -> mounts(one(docs, "Deployment")).stream()
			.filter((mount) -> "cache".equals(mount.get("name")))
			.forEach((mount) -> mount.put("readOnly", true)), "is on the read-only mount cache");
		// the service's default directory is under /tmp, whose emptyDir (64Mi) cannot hold the budget
		assertViolation(values, (docs) -> env(one(docs, "Deployment")).removeIf((variable) -> "GLOROT_CACHE_DIRECTORY"
			.equals(variable.get("name"))), "repeat cache directory /tmp/glorot-cache: emptyDir tmp sizeLimit 64Mi");
		assertViolation(values, (docs) -> env(one(docs, "Deployment")).stream()
			.filter((variable) -> "GLOROT_ADMISSION_MEMORY_BUDGET".equals(variable.get("name")))
			.forEach((variable) -> variable.put("value", "1073741824B")),
				"admission memory budget 1073741824B is not below the memory limit 1Gi");
	}

	private static void assertUnknownField(Consumer<Map<String, Object>> breakDeployment, String path)
			throws IOException {
		List<Map<String, Object>> docs = defaults();
		Map<String, Object> deployment = one(docs, "Deployment");
		assertThat(StrictManifestReader.read(deployment)).isNotNull();
		breakDeployment.accept(deployment);
		assertThatIllegalArgumentException().isThrownBy(() -> StrictManifestReader.read(deployment))
			.withMessageContaining("unknown field " + path);
	}

	private static void assertViolation(Consumer<List<Map<String, Object>>> breakRelease, String violation)
			throws IOException {
		assertViolation(null, breakRelease, violation);
	}

	private static void assertViolation(Path values, Consumer<List<Map<String, Object>>> breakRelease,
			String violation) {
		List<Map<String, Object>> docs = (values != null) ? documents(template().withValuesFile(values).call())
				: defaults();
		assertThat(ManifestRules.check(docs.stream().map(StrictManifestReader::read).toList())).isEmpty();
		breakRelease.accept(docs);
		assertThat(ManifestRules.check(docs.stream().map(StrictManifestReader::read).toList()))
			.anySatisfy((message) -> assertThat(message).contains(violation));
	}

	private static List<Map<String, Object>> defaults() {
		return documents(template().call());
	}

	private static TemplateCommand template() {
		return new Helm(CHART).template().withName("glorot").withNamespace("ml").withKubeVersion("1.31.0");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> documents(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	private static Map<String, Object> one(List<Map<String, Object>> docs, String kind) {
		return docs.stream().filter((doc) -> kind.equals(doc.get("kind"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return (Map<String, Object>) parent.get(key);
	}

	private static Map<String, Object> map(Map<String, Object> node) {
		return node;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> labels(Map<String, Object> doc, String... path) {
		Map<String, Object> node = doc;
		for (String key : path) {
			node = (Map<String, Object>) node.get(key);
		}
		return node;
	}

	private static Map<String, Object> podSpec(Map<String, Object> deployment) {
		return map(map(map(deployment, "spec"), "template"), "spec");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> container(Map<String, Object> deployment, String key) {
		List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec(deployment).get("containers");
		return (Map<String, Object>) containers.get(0).get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> mounts(Map<String, Object> deployment) {
		List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec(deployment).get("containers");
		return (List<Map<String, Object>>) containers.get(0).get("volumeMounts");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> env(Map<String, Object> deployment) {
		List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec(deployment).get("containers");
		return (List<Map<String, Object>>) containers.get(0).get("env");
	}

	/** The emptyDir of the volume named cache. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> cacheVolume(Map<String, Object> deployment) {
		return ((List<Map<String, Object>>) podSpec(deployment).get("volumes")).stream()
			.filter((volume) -> "cache".equals(volume.get("name")))
			.map((volume) -> (Map<String, Object>) volume.get("emptyDir"))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> ports(Map<String, Object> service) {
		return (List<Map<String, Object>>) map(service, "spec").get("ports");
	}

	/** A bare pod that carries the Deployment's pod labels, as a careless hook would. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> strayPod(Map<String, Object> deployment) {
		Map<String, Object> template = map(map(deployment, "spec"), "template");
		return Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", "stray", "labels",
				map(template, "metadata").get("labels")), "spec", (Map<String, Object>) template.get("spec"));
	}

	private static void rename(Map<String, Object> node, String from, String to) {
		assertThat(node).containsKey(from);
		node.put(to, node.remove(from));
	}

}
