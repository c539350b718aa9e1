package io.glorot.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.glorot.system.GenerationProperties;
import io.glorot.web.admission.AdmissionProperties;
import io.glorot.web.request.LimitsProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Lints and renders the Helm chart in {@code helm/glorot} with helm itself (helm-java bundles helm as a native
 * library) and checks what renders. Each rendered combination is also written to
 * {@code target/helm-rendered/<name>.yaml}, where {@code .ci/steps/41-chart-schemas.sh} validates every
 * manifest against the Kubernetes schemas. The observability combination also writes its PrometheusRule's rule
 * group and its dashboard to {@code target/prometheus/}, where {@code .ci/steps/45-prometheus.sh} checks them
 * with promtool and a real Prometheus.
 */
class HelmChartTests {

	private static final Path CHART = Path.of("helm", "glorot");

	private static final Path RENDERED = Path.of("target", "helm-rendered");

	private static final Path DASHBOARD = CHART.resolve(Path.of("dashboards", "glorot.json"));

	private static final Path PROMETHEUS = Path.of("target", "prometheus");

	/** The project's version: the jar's, and so the chart's appVersion and default image tag. */
	private static final String POM_VERSION = pomVersion();

	/** The JVM flags the image sets (its JDK_JAVA_OPTIONS); the chart's jvm.options default must be the same. */
	private static final String DOCKERFILE_JVM_OPTIONS = dockerfileJvmOptions();

	@Test
	void lintWhenDefaultValuesShouldPassStrict() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void templateWhenDefaultValuesShouldRenderHardenedDeploymentServiceAndBudget() throws IOException {
		Manifests manifests = render("defaults", UnaryOperator.identity());
		assertThat(manifests.kinds()).containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget", "Pod");
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(at(deployment, "metadata.name")).isEqualTo("glorot");
		assertThat(at(deployment, "spec.replicas")).isEqualTo(2);
		Map<String, Object> pod = mapAt(deployment, "spec.template.spec");
		assertThat(pod).containsEntry("automountServiceAccountToken", false);
		assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
		assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
		Map<String, Object> container = onlyContainer(deployment);
		assertThat(container).containsEntry("image", "registry.example.com/ml/glorot:" + POM_VERSION);
		assertThat(at(container, "ports")).isEqualTo(List.of(Map.of("name", "http", "containerPort", 8080,
				"protocol", "TCP"), Map.of("name", "management", "containerPort", 8081, "protocol", "TCP")));
		assertThat(at(container, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
		assertThat(at(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
		assertThat(at(container, "livenessProbe.httpGet")).isEqualTo(Map.of("path", "/livez", "port", "http"));
		assertThat(at(container, "readinessProbe.httpGet")).isEqualTo(Map.of("path", "/readyz", "port", "http"));
		assertThat(at(container, "startupProbe.httpGet")).isEqualTo(Map.of("path", "/livez", "port", "http"));
		assertThat(at(container, "resources")).isEqualTo(Map.of("requests", Map.of("cpu", "2", "memory", "1Gi"),
				"limits", Map.of("cpu", "2", "memory", "1Gi")));
		assertThat(at(container, "volumeMounts")).isEqualTo(List.of(Map.of("name", "tmp", "mountPath", "/tmp")));
		assertThat(at(pod, "volumes")).isEqualTo(List.of(Map.of("name", "tmp", "emptyDir", Map.of("sizeLimit", "64Mi"))));
		assertThat(at(container, "lifecycle.preStop.sleep.seconds")).isEqualTo(10);
		// preStop 10 s + shutdown phase 30 s + 10 s of margin
		assertThat(pod).containsEntry("terminationGracePeriodSeconds", 50);
		assertThat(env(container)).containsEntry("GLOROT_LIMITS_MAXELEMENTS", "1073741824")
			.containsEntry("GLOROT_LIMITS_MAXJSONELEMENTS", "16777216")
			.containsEntry("GLOROT_LIMITS_MAXBODYBYTES", "1048576")
			.containsEntry("GLOROT_LIMITS_MAXBATCHTENSORS", "1024")
			.containsEntry("GLOROT_LIMITS_MAXBATCHELEMENTS", "2147483648")
			.containsEntry("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "30s")
			.containsEntry("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS", "true")
			.containsEntry("MANAGEMENT_SERVER_PORT", "8081")
			.containsEntry("SPRINGDOC_SWAGGERUI_ENABLED", "true")
			.containsEntry("JDK_JAVA_OPTIONS", DOCKERFILE_JVM_OPTIONS + " -XX:ActiveProcessorCount=2");
		Map<String, Object> service = manifests.one("Service");
		assertThat(at(service, "spec.type")).isEqualTo("ClusterIP");
		assertThat(at(service, "spec.ports")).isEqualTo(List.of(Map.of("name", "http", "port", 80, "targetPort",
				"http", "protocol", "TCP"), Map.of("name", "management", "port", 8081, "targetPort", "management",
						"protocol", "TCP")));
		Map<String, Object> selector = mapAt(deployment, "spec.selector.matchLabels");
		assertThat(at(service, "spec.selector")).isEqualTo(selector);
		assertThat(mapAt(deployment, "spec.template.metadata.labels")).containsAllEntriesOf(selector);
		assertThat(at(manifests.one("PodDisruptionBudget"), "spec.selector.matchLabels")).isEqualTo(selector);
		assertThat(at(manifests.one("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
	}

	@Test
	void templateWhenEnvironmentIsBoundBySpringShouldGiveTheChartsSettings() throws IOException {
		Manifests manifests = render("settings", (template) -> template.set("glorot.limits.maxElements", "5000000")
			.set("glorot.limits.maxJsonElements", "1000")
			.set("glorot.limits.maxBodyBytes", "4096")
			.set("glorot.limits.maxBatchTensors", "16")
			.set("glorot.limits.maxBatchElements", "70000000")
			.set("glorot.generation.threads", "3")
			.set("glorot.generation.chunkElements", "65536")
			.set("glorot.generation.chunksAhead", "5")
			.set("glorot.admission.maxGenerations", "6")
			.set("glorot.admission.maxElementsInFlight", "123456789")
			.set("glorot.admission.smallElements", "4096")
			.set("glorot.admission.maxSmall", "32")
			.set("glorot.admission.retryAfterSeconds", "7")
			.set("shutdown.timeoutPerShutdownPhaseSeconds", "45")
			.set("metrics.latencyHistogram", "false"));
		Map<String, String> env = env(onlyContainer(manifests.one("Deployment")));
		Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env))));
		assertThat(binder.bind("glorot.limits", LimitsProperties.class).get())
			.isEqualTo(new LimitsProperties(5000000, 1000, 4096, 16, 70000000));
		assertThat(binder.bind("glorot.generation", GenerationProperties.class).get())
			.isEqualTo(new GenerationProperties(3, 65536, 5));
		assertThat(binder.bind("glorot.admission", AdmissionProperties.class).get())
			.isEqualTo(new AdmissionProperties(6, 123456789, 4096, 32, Duration.ofSeconds(7)));
		assertThat(binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(45));
		assertThat(env).doesNotContainKey("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS");
	}

	@Test
	void templateWhenLatencyHistogramIsOnShouldMakeSpringExportBuckets() throws IOException {
		Map<String, String> env = env(onlyContainer(render("defaults", UnaryOperator.identity()).one("Deployment")));
		Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env))));
		assertThat(binder.bind("management.metrics.distribution.percentiles-histogram",
				Bindable.mapOf(String.class, Boolean.class))
			.get()).containsExactly(Map.entry("http.server.requests", true));
	}

	@Test
	void templateWhenEveryOptionIsOnShouldRenderAutoscalerMonitorAndIngress() throws IOException {
		Path values = Files.createTempFile("glorot-values", ".yaml");
		Files.writeString(values, """
				autoscaling:
				  enabled: true
				  minReplicas: 3
				  maxReplicas: 12
				  targetCPUUtilizationPercentage: 60
				serviceMonitor:
				  enabled: true
				  labels:
				    release: "prometheus"
				ingress:
				  enabled: true
				  className: "nginx"
				  annotations:
				    nginx.ingress.kubernetes.io/proxy-buffering: "off"
				  hosts:
				    - host: "weights.example.com"
				      paths:
				        - path: "/"
				          pathType: "Prefix"
				  tls:
				    - secretName: "weights-tls"
				      hosts:
				        - "weights.example.com"
				swaggerUi:
				  enabled: false
				jvm:
				  options: "-XX:+UseSerialGC"
				  extraOptions: "-XX:MaxRAMPercentage=50"
				extraEnv:
				  - name: "LOGGING_LEVEL_IO_GLOROT"
				    value: "DEBUG"
				image:
				  repository: "registry.example.com/ml/glorot"
				  digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
				""");
		try {
			Manifests manifests = render("all-options", (template) -> template.withName("weights")
				.withValuesFile(values));
			assertThat(manifests.kinds()).containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget",
					"HorizontalPodAutoscaler", "ServiceMonitor", "Ingress", "Pod");
			Map<String, Object> deployment = manifests.one("Deployment");
			assertThat(at(deployment, "metadata.name")).isEqualTo("weights-glorot");
			assertThat(mapAt(deployment, "spec")).doesNotContainKey("replicas");
			Map<String, Object> container = onlyContainer(deployment);
			assertThat(container).containsEntry("image", "registry.example.com/ml/glorot@sha256:"
					+ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
			assertThat(env(container))
				.containsEntry("JDK_JAVA_OPTIONS", "-XX:+UseSerialGC -XX:ActiveProcessorCount=2 -XX:MaxRAMPercentage=50")
				.containsEntry("LOGGING_LEVEL_IO_GLOROT", "DEBUG")
				.containsEntry("SPRINGDOC_SWAGGERUI_ENABLED", "false");
			Map<String, Object> hpa = manifests.one("HorizontalPodAutoscaler");
			assertThat(at(hpa, "spec.scaleTargetRef")).isEqualTo(Map.of("apiVersion", "apps/v1", "kind",
					"Deployment", "name", "weights-glorot"));
			assertThat(at(hpa, "spec.minReplicas")).isEqualTo(3);
			assertThat(at(hpa, "spec.maxReplicas")).isEqualTo(12);
			assertThat(at(hpa, "spec.metrics")).isEqualTo(List.of(Map.of("type", "Resource", "resource", Map.of(
					"name", "cpu", "target", Map.of("type", "Utilization", "averageUtilization", 60)))));
			Map<String, Object> monitor = manifests.one("ServiceMonitor");
			assertThat(at(monitor, "metadata.labels.release")).isEqualTo("prometheus");
			assertThat(at(monitor, "spec.endpoints")).isEqualTo(List.of(Map.of("port", "management", "path",
					"/actuator/prometheus", "interval", "30s", "scrapeTimeout", "10s")));
			assertThat(at(monitor, "spec.selector.matchLabels"))
				.isEqualTo(at(manifests.one("Service"), "spec.selector"));
			Map<String, Object> ingress = manifests.one("Ingress");
			assertThat(at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
			assertThat(at(ingress, "spec.tls")).isEqualTo(List.of(Map.of("secretName", "weights-tls", "hosts",
					List.of("weights.example.com"))));
			assertThat(at(ingress, "spec.rules")).isEqualTo(List.of(Map.of("host", "weights.example.com", "http",
					Map.of("paths", List.of(Map.of("path", "/", "pathType", "Prefix", "backend", Map.of("service",
							Map.of("name", "weights-glorot", "port", Map.of("name", "http")))))))));
		}
		finally {
			Files.delete(values);
		}
	}

	@Test
	void templateWhenDashboardAndRulesAreOnShouldRenderThemForTheSidecarAndTheOperator() throws IOException {
		Manifests manifests = render("observability", (template) -> template.set("grafanaDashboard.enabled", "true")
			.set("grafanaDashboard.annotations.grafana_folder", "ML")
			.set("prometheusRule.enabled", "true")
			.set("prometheusRule.additionalLabels.release", "prometheus")
			.set("prometheusRule.runbookBaseUrl", "https://example.org/docs/operations.md"));
		assertThat(manifests.kinds()).containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget",
				"ConfigMap", "PrometheusRule", "Pod");
		Map<String, Object> configMap = manifests.one("ConfigMap");
		assertThat(at(configMap, "metadata.name")).isEqualTo("glorot-dashboard");
		assertThat(mapAt(configMap, "metadata.labels")).containsEntry("grafana_dashboard", "1")
			.containsEntry("app.kubernetes.io/name", "glorot");
		assertThat(at(configMap, "metadata.annotations.grafana_folder")).isEqualTo("ML");
		String dashboard = (String) mapAt(configMap, "data").get("glorot.json");
		JsonNode parsed = JsonMapper.builder().build().readTree(dashboard);
		assertThat(parsed).isEqualTo(JsonMapper.builder().build().readTree(DASHBOARD.toFile()));
		assertThat(parsed.path("uid").asString()).isEqualTo("glorot-overview");

		Map<String, Object> rule = manifests.one("PrometheusRule");
		assertThat(at(rule, "metadata.name")).isEqualTo("glorot");
		assertThat(mapAt(rule, "metadata.labels")).containsEntry("release", "prometheus")
			.containsEntry("app.kubernetes.io/instance", "glorot");
		List<Map<String, Object>> groups = listAt(rule, "spec.groups");
		assertThat(groups).hasSize(1);
		List<Map<String, Object>> alerts = listAt(groups.get(0), "rules");
		assertThat(alerts).extracting((alert) -> alert.get("alert"))
			.containsExactly("GlorotServerErrors", "GlorotAdmissionRejections", "GlorotSmallAnswersSlow",
					"GlorotPodsNotReady", "GlorotHeapPressure");
		for (Map<String, Object> alert : alerts) {
			assertThat(alert).containsKeys("expr", "for", "labels", "annotations");
			assertThat(mapAt(alert, "annotations")).containsKeys("summary", "description")
				.containsEntry("runbook_url",
						"https://example.org/docs/operations.md#" + ((String) alert.get("alert")).toLowerCase());
		}
		assertThat(alerts.get(0).get("expr")).asString()
			.contains("job=\"glorot\", uri=~\"/v1/.*\", outcome=\"SERVER_ERROR\", status!=\"503\"")
			.endsWith("> 0.01");
		assertThat(at(alerts.get(0), "labels.severity")).isEqualTo("critical");
		assertThat(alerts.get(3).get("expr")).asString()
			.contains("kube_deployment_spec_replicas{namespace=\"ml\", deployment=\"glorot\"}");
		assertThat(alerts.get(4).get("expr")).asString().endsWith("> 0.9");
		assertThat(at(alerts.get(4), "annotations.summary")).isEqualTo("glorot's heap is more than 90 % full");

		// the rule group and the dashboard as promtool and Prometheus's API take them (.ci/steps/45-prometheus.sh)
		Files.createDirectories(PROMETHEUS);
		Files.writeString(PROMETHEUS.resolve("glorot-rules.yaml"),
				new Yaml(blockStyle()).dump(mapAt(rule, "spec")));
		Files.writeString(PROMETHEUS.resolve("glorot-dashboard.json"), dashboard);
	}

	@Test
	void templateWhenLogsAndTracesAreOnShouldMakeSpringWriteJsonAndExportSpans() throws IOException {
		Map<String, String> env = env(onlyContainer(render("logs-and-traces", (template) -> template
			.set("logging.format", "ecs")
			.set("logging.answers", "true")
			.set("tracing.enabled", "true")
			.set("tracing.otlpEndpoint", "http://otel-collector.observability:4318/v1/traces")
			.set("tracing.samplingProbability", "0.25")).one("Deployment")));
		Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env))));
		assertThat(binder.bind("logging.structured.format.console", String.class).get()).isEqualTo("ecs");
		assertThat(binder.bind("glorot.logging.answers", Boolean.class).get()).isTrue();
		assertThat(binder.bind("management.tracing.export.enabled", Boolean.class).get()).isTrue();
		assertThat(binder.bind("management.opentelemetry.tracing.export.otlp.endpoint", String.class).get())
			.isEqualTo("http://otel-collector.observability:4318/v1/traces");
		assertThat(binder.bind("management.tracing.sampling.probability", Double.class).get()).isEqualTo(0.25);

		Map<String, String> defaults = env(onlyContainer(render("defaults", UnaryOperator.identity()).one("Deployment")));
		assertThat(defaults).doesNotContainKeys("LOGGING_STRUCTURED_FORMAT_CONSOLE", "GLOROT_LOGGING_ANSWERS",
				"MANAGEMENT_TRACING_EXPORT_ENABLED", "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");
	}

	@Test
	void templateWhenTracingHasNoEndpointShouldFail() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("tracing.enabled", "true").call())
			.withMessageContaining("tracing.otlpEndpoint must name the collector's OTLP/HTTP traces URL");
	}

	@Test
	void templateWhenLogFormatIsUnknownShouldFailOnTheSchema() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("logging.format", "xml").call())
			.withMessageContaining("/logging/format");
	}

	@Test
	void templateWhenOptionalPartsAreOffShouldRenderOnlyDeploymentAndService() throws IOException {
		Manifests manifests = render("minimal", (template) -> template.set("podDisruptionBudget.enabled", "false")
			.set("livenessProbe.enabled", "false")
			.set("startupProbe.enabled", "false")
			.set("shutdown.preStopSleepSeconds", "0")
			.set("shutdown.terminationGracePeriodSeconds", "31")
			.set("service.type", "LoadBalancer")
			.set("service.port", "8080")
			.set("replicaCount", "1")
			.set("tests.enabled", "false"));
		assertThat(manifests.kinds()).containsExactlyInAnyOrder("Deployment", "Service");
		Map<String, Object> deployment = manifests.one("Deployment");
		Map<String, Object> container = onlyContainer(deployment);
		assertThat(container).doesNotContainKeys("livenessProbe", "startupProbe", "lifecycle")
			.containsKey("readinessProbe");
		assertThat(at(deployment, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(31);
		assertThat(at(manifests.one("Service"), "spec.type")).isEqualTo("LoadBalancer");
	}

	@Test
	void templateWhenGracePeriodDoesNotCoverPreStopAndShutdownShouldFail() {
		assertThatIllegalStateException()
			.isThrownBy(() -> template().set("shutdown.terminationGracePeriodSeconds", "40").call())
			.withMessageContaining("shutdown.terminationGracePeriodSeconds (40) must be longer than "
					+ "shutdown.preStopSleepSeconds + shutdown.refusingPeriodSeconds + "
					+ "shutdown.timeoutPerShutdownPhaseSeconds (40)");
	}

	@Test
	void templateWhenRefusingPeriodIsSetShouldPassItAndLengthenTheGracePeriod() throws IOException {
		Manifests manifests = render("refusing", (template) -> template.set("shutdown.refusingPeriodSeconds", "5"));
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(env(onlyContainer(deployment))).containsEntry("GLOROT_SHUTDOWN_REFUSINGPERIOD", "5s");
		// preStop 10 + refusing 5 + phase 30 + 10
		assertThat(at(deployment, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(55);
		assertThatIllegalStateException()
			.isThrownBy(() -> template().set("shutdown.refusingPeriodSeconds", "5")
				.set("shutdown.terminationGracePeriodSeconds", "45")
				.call())
			.withMessageContaining("shutdown.terminationGracePeriodSeconds (45) must be longer than")
			.withMessageContaining("shutdown.timeoutPerShutdownPhaseSeconds (45)");
	}

	@Test
	void templateByDefaultShouldLeaveTheRefusingPeriodToTheService() throws IOException {
		Map<String, Object> deployment = render("default-refusing", (template) -> template).one("Deployment");
		assertThat(env(onlyContainer(deployment))).doesNotContainKey("GLOROT_SHUTDOWN_REFUSINGPERIOD");
		assertThat(at(deployment, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(50);
	}

	@Test
	void templateWhenValueHasWrongTypeShouldFailOnTheSchema() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("replicaCount", "two").call())
			.withMessageContaining("replicaCount");
	}

	@Test
	void templateWhenValueIsUnknownShouldFailOnTheSchema() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("replicas", "3").call())
			.withMessageContaining("replicas");
	}

	@Test
	void templateWhenIngressHasNoHostShouldFail() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("ingress.enabled", "true").call())
			.withMessageContaining("ingress.hosts must name at least one host");
	}

	@Test
	void templateWhenAutoscalerBoundsAreReversedShouldFail() {
		assertThatIllegalStateException()
			.isThrownBy(() -> template().set("autoscaling.enabled", "true")
				.set("autoscaling.minReplicas", "5")
				.set("autoscaling.maxReplicas", "2")
				.call())
			.withMessageContaining("autoscaling.minReplicas (5) must not exceed autoscaling.maxReplicas (2)");
	}

	@Test
	void chartAppVersionShouldBeTheJarsVersion() throws IOException {
		assertThat(Files.readString(CHART.resolve("Chart.yaml"))).containsPattern(
				"(?m)^appVersion: \"" + Pattern.quote(POM_VERSION) + "\"$");
	}

	@Test
	void jvmOptionsWhenDefaultShouldBeTheImagesFlags() throws IOException {
		assertThat(Files.readString(CHART.resolve("values.yaml")))
			.contains("  options: \"" + DOCKERFILE_JVM_OPTIONS + "\"\n");
		assertThat(DOCKERFILE_JVM_OPTIONS).contains("-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75",
				"-XX:+ExitOnOutOfMemoryError", "--add-modules jdk.incubator.vector",
				"--sun-misc-unsafe-memory-access=allow");
	}

	@Test
	void activeProcessorCountShouldFollowTheCpuLimitElseTheRequestRoundedUp() throws IOException {
		assertThat(jvmOptions(template().set("resources.limits.cpu", "1500m"))).endsWith("-XX:ActiveProcessorCount=2");
		assertThat(jvmOptions(template().set("resources.limits.cpu", "0.5"))).endsWith("-XX:ActiveProcessorCount=1");
		assertThat(jvmOptions(template().set("resources.limits.cpu", "null").set("resources.requests.cpu", "3")))
			.endsWith("-XX:ActiveProcessorCount=3");
		assertThat(jvmOptions(template().set("jvm.activeProcessorCount", "6"))).endsWith("-XX:ActiveProcessorCount=6");
		assertThat(jvmOptions(template().set("resources.limits.cpu", "null").set("resources.requests.cpu", "null")))
			.isEqualTo(DOCKERFILE_JVM_OPTIONS);
	}

	private static String jvmOptions(TemplateCommand template) {
		return env(onlyContainer(Manifests.parse(template.call()).one("Deployment"))).get("JDK_JAVA_OPTIONS");
	}

	private static String pomVersion() {
		try {
			Matcher version = Pattern.compile("</parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
				.matcher(Files.readString(Path.of("pom.xml")));
			assertThat(version.find()).isTrue();
			return version.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String dockerfileJvmOptions() {
		try {
			Matcher options = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]+)\"$")
				.matcher(Files.readString(Path.of("Dockerfile")));
			assertThat(options.find()).as("ENV JDK_JAVA_OPTIONS=\"...\" in the Dockerfile").isTrue();
			return options.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static TemplateCommand template() {
		return new Helm(CHART).template().withName("glorot").withNamespace("ml").withKubeVersion("1.31.0");
	}

	/**
	 * Renders the chart like {@code helm template} does: the manifests, then the hooks ({@code helm test}'s pod).
	 * helm-java returns the manifests only, so the hooks come from a copy of the chart whose hook annotations are
	 * taken out. Both go to {@code target/helm-rendered/<name>.yaml} for the strict checks of step 41 and the run
	 * of step 40.
	 */
	private static Manifests render(String name, UnaryOperator<TemplateCommand> options) throws IOException {
		String yaml = options.apply(template()).call();
		String hooks = options.apply(new Helm(hooksAsManifests()).template()
			.withName("glorot")
			.withNamespace("ml")
			.withKubeVersion("1.31.0")).call();
		StringBuilder all = new StringBuilder(yaml);
		for (Map<String, Object> document : Manifests.parse(hooks).documents()) {
			if (HOOK_FILES.contains(String.valueOf(at(document, "metadata.name")).replaceFirst("^.*-", ""))) {
				all.append("---\n").append(new Yaml().dump(document));
			}
		}
		Files.createDirectories(RENDERED);
		Files.writeString(RENDERED.resolve(name + ".yaml"), all);
		Manifests manifests = Manifests.parse(all.toString());
		// every rendering, the helm test pod included, reads strictly and obeys the release rules
		assertThat(ManifestRules.check(manifests.documents().stream().map(StrictManifestReader::read).toList()))
			.as(name)
			.isEmpty();
		return manifests;
	}

	/** The suffixes of the hook objects' names ({@code <fullname>-test}). */
	private static final List<String> HOOK_FILES = List.of("test");

	private static boolean hooksCopied;

	/** A copy of the chart in which the hooks are plain manifests (their helm.sh/hook annotations renamed), made
	 * afresh once per test run. */
	private static synchronized Path hooksAsManifests() throws IOException {
		Path copy = Path.of("target", "helm-hooks-as-manifests", "glorot");
		if (!hooksCopied) {
			if (Files.exists(copy)) {
				try (var stale = Files.walk(copy)) {
					for (Path file : stale.sorted(java.util.Comparator.reverseOrder()).toList()) {
						Files.delete(file);
					}
				}
			}
			hooksCopied = true;
			try (var files = Files.walk(CHART)) {
				for (Path file : files.toList()) {
					Path target = copy.resolve(CHART.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(target);
					}
					else {
						String text = Files.readString(file);
						Files.writeString(target, file.getParent().endsWith("tests")
								? text.replace("helm.sh/hook", "glorot.io/helm-hook") : text);
					}
				}
			}
		}
		return copy;
	}

	private static DumperOptions blockStyle() {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setWidth(200);
		return options;
	}

	private static Map<String, Object> onlyContainer(Map<String, Object> deployment) {
		List<Map<String, Object>> containers = listAt(deployment, "spec.template.spec.containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static Map<String, String> env(Map<String, Object> container) {
		List<Map<String, Object>> env = listAt(container, "env");
		return env.stream()
			.collect(Collectors.toMap((e) -> (String) e.get("name"), (e) -> (String) e.get("value"), (a, b) -> b,
					LinkedHashMap::new));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> mapAt(Map<String, Object> document, String path) {
		Object node = at(document, path);
		assertThat(node).as(path).isInstanceOf(Map.class);
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> listAt(Map<String, Object> document, String path) {
		Object node = at(document, path);
		assertThat(node).as(path).isInstanceOf(List.class);
		return (List<Map<String, Object>>) node;
	}

	@SuppressWarnings("unchecked")
	private static Object at(Map<String, Object> document, String path) {
		Object node = document;
		for (String key : path.split("\\.")) {
			assertThat(node).as(path).isInstanceOf(Map.class);
			assertThat((Map<String, Object>) node).as(path).containsKey(key);
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

	/**
	 * The documents of one {@code helm template} run.
	 */
	private record Manifests(List<Map<String, Object>> documents) {

		@SuppressWarnings("unchecked")
		static Manifests parse(String yaml) {
			List<Map<String, Object>> documents = new ArrayList<>();
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
				if (document != null) {
					documents.add((Map<String, Object>) document);
				}
			}
			return new Manifests(documents);
		}

		List<String> kinds() {
			return this.documents.stream().map((document) -> (String) document.get("kind")).toList();
		}

		Map<String, Object> one(String kind) {
			List<Map<String, Object>> found = this.documents.stream()
				.filter((document) -> kind.equals(document.get("kind")))
				.toList();
			assertThat(found).as(kind).hasSize(1);
			return found.get(0);
		}

	}

}
