package io.glorot.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.springframework.util.unit.DataSize;

/**
 * What the API server does not check but a working release needs, over the objects of one rendered release: every
 * selector selects the pods it is meant for, every named port resolves, requests do not exceed limits, a budget
 * sets one of minAvailable and maxUnavailable, and every pod meets the Pod Security Standards' {@code restricted}
 * profile plus a read-only root filesystem. The service's own settings that depend on the pod are checked too: an
 * enabled repeat cache ({@code GLOROT_CACHE_MAXSIZE}) has a writable volume at its directory, a disk one whose
 * {@code sizeLimit} holds the budget, and an admission memory budget is below the memory limit. Each rule gives a
 * message naming the object and what is wrong.
 */
final class ManifestRules {

	/** The volume types the restricted profile allows. */
	private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
			"ephemeral", "persistentVolumeClaim", "projected", "secret");

	private final List<HasMetadata> objects;

	private final List<String> violations = new ArrayList<>();

	private ManifestRules(List<HasMetadata> objects) {
		this.objects = objects;
	}

	/**
	 * The violations of one release's objects, none when they are sound.
	 * @param objects the objects of one release
	 * @return one message per violation
	 */
	static List<String> check(List<HasMetadata> objects) {
		ManifestRules rules = new ManifestRules(objects);
		rules.run();
		return rules.violations;
	}

	private void run() {
		for (HasMetadata object : this.objects) {
			switch (object) {
				case Deployment deployment -> deployment(deployment);
				case Pod pod -> podSpec(name(pod), pod.getSpec());
				case Service service -> service(service);
				case PodDisruptionBudget budget -> budget(budget);
				case HorizontalPodAutoscaler autoscaler -> autoscaler(autoscaler);
				case ServiceMonitor monitor -> monitor(monitor);
				case Ingress ingress -> ingress(ingress);
				case HTTPRoute route -> route(route);
				case NetworkPolicy policy -> networkPolicy(policy);
				default -> {
				}
			}
		}
	}

	private void deployment(Deployment deployment) {
		String name = name(deployment);
		Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		if (!selects(deployment.getSpec().getSelector(), labels)) {
			violate(name, "spec.selector does not match the pod template's labels " + labels);
		}
		podSpec(name, deployment.getSpec().getTemplate().getSpec());
	}

	private void podSpec(String name, PodSpec pod) {
		PodSecurityContext podContext = (pod.getSecurityContext() != null) ? pod.getSecurityContext()
				: new PodSecurityContext();
		if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
				|| Boolean.TRUE.equals(pod.getHostIPC())) {
			violate(name, "restricted: shares a host namespace");
		}
		for (Volume volume : pod.getVolumes()) {
			String type = volumeType(volume);
			if (!RESTRICTED_VOLUMES.contains(type)) {
				violate(name, "restricted: volume " + volume.getName() + " is of type " + type);
			}
		}
		List<Container> containers = new ArrayList<>(pod.getContainers());
		containers.addAll(pod.getInitContainers());
		for (Container container : containers) {
			String where = name + " container " + container.getName();
			resources(where, container);
			repeatCache(where, container, pod.getVolumes());
			admissionBudget(where, container);
			restricted(where, podContext, (container.getSecurityContext() != null) ? container.getSecurityContext()
					: new SecurityContext());
			for (Probe probe : new Probe[] { container.getStartupProbe(), container.getLivenessProbe(),
					container.getReadinessProbe() }) {
				if (probe != null && probe.getHttpGet() != null) {
					namedPort(where, "probe", probe.getHttpGet().getPort(), container.getPorts());
				}
			}
		}
	}

	private void resources(String where, Container container) {
		if (container.getResources() == null) {
			violate(where, "sets no resources");
			return;
		}
		Map<String, Quantity> requests = container.getResources().getRequests();
		Map<String, Quantity> limits = container.getResources().getLimits();
		requests.forEach((resource, request) -> {
			Quantity limit = limits.get(resource);
			if (limit != null && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
				violate(where, resource + " request " + request + " exceeds its limit " + limit);
			}
		});
		if (!limits.containsKey("memory")) {
			violate(where, "has no memory limit (the JVM sizes its heap from it)");
		}
	}

	/**
	 * The repeat cache writes up to its budget to its directory ({@code java.io.tmpdir}/glorot-cache unless set): on
	 * a read-only root that must be a mounted, writable volume, and an emptyDir must hold the budget (the kubelet
	 * evicts a pod whose emptyDir outgrows its sizeLimit) on disk (a memory-backed one counts against the memory
	 * limit).
	 */
	private void repeatCache(String where, Container container, List<Volume> volumes) {
		String size = env(container, "GLOROT_CACHE_MAXSIZE");
		if (size == null || DataSize.parse(size).toBytes() <= 0) {
			return;
		}
		long budget = DataSize.parse(size).toBytes();
		String directory = Objects.requireNonNullElse(env(container, "GLOROT_CACHE_DIRECTORY"), "/tmp/glorot-cache");
		VolumeMount mount = container.getVolumeMounts()
			.stream()
			.filter((candidate) -> isAtOrUnder(directory, candidate.getMountPath()))
			.max(Comparator.comparingInt((candidate) -> candidate.getMountPath().length()))
			.orElse(null);
		String cache = "repeat cache directory " + directory;
		if (mount == null) {
			violate(where, cache + " is on no mounted volume (the root filesystem is read-only)");
			return;
		}
		if (Boolean.TRUE.equals(mount.getReadOnly())) {
			violate(where, cache + " is on the read-only mount " + mount.getName());
		}
		Volume volume = volumes.stream().filter((candidate) -> candidate.getName().equals(mount.getName())).findFirst()
			.orElse(null);
		if (volume == null || volume.getEmptyDir() == null) {
			return;
		}
		if ("Memory".equals(volume.getEmptyDir().getMedium())) {
			violate(where, cache + " is on a memory-backed emptyDir, which counts against the memory limit");
		}
		Quantity limit = volume.getEmptyDir().getSizeLimit();
		if (limit == null) {
			violate(where, cache + " is on emptyDir " + volume.getName() + " with no sizeLimit");
		}
		else if (Quantity.getAmountInBytes(limit).longValue() < budget) {
			violate(where, cache + ": emptyDir " + volume.getName() + " sizeLimit " + limit + " is below the cache budget "
					+ budget + " bytes");
		}
	}

	private void admissionBudget(String where, Container container) {
		String budget = env(container, "GLOROT_ADMISSION_MEMORY_BUDGET");
		Quantity limit = (container.getResources() != null) ? container.getResources().getLimits().get("memory") : null;
		if (budget != null && limit != null
				&& DataSize.parse(budget).toBytes() >= Quantity.getAmountInBytes(limit).longValue()) {
			violate(where, "admission memory budget " + budget + " is not below the memory limit " + limit);
		}
	}

	private static boolean isAtOrUnder(String path, String mountPath) {
		String mount = mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1) : mountPath;
		return path.equals(mount) || path.startsWith(mount + "/") || mount.isEmpty();
	}

	/** The literal value of a container's environment variable (the last one of that name wins), or null. */
	private static String env(Container container, String name) {
		String value = null;
		for (EnvVar variable : container.getEnv()) {
			if (variable.getName().equals(name)) {
				value = variable.getValue();
			}
		}
		return value;
	}

	private void restricted(String where, PodSecurityContext pod, SecurityContext container) {
		if (!Boolean.TRUE.equals(first(container.getRunAsNonRoot(), pod.getRunAsNonRoot()))) {
			violate(where, "restricted: runAsNonRoot is not true");
		}
		if (Objects.equals(first(container.getRunAsUser(), pod.getRunAsUser()), 0L)) {
			violate(where, "restricted: runAsUser is 0");
		}
		if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
			violate(where, "restricted: allowPrivilegeEscalation is not false");
		}
		if (Boolean.TRUE.equals(container.getPrivileged())) {
			violate(where, "restricted: privileged");
		}
		if (container.getCapabilities() == null || !container.getCapabilities().getDrop().contains("ALL")) {
			violate(where, "restricted: capabilities do not drop ALL");
		}
		else if (!Set.of("NET_BIND_SERVICE").containsAll(container.getCapabilities().getAdd())) {
			violate(where, "restricted: adds capabilities " + container.getCapabilities().getAdd());
		}
		String seccomp = (container.getSeccompProfile() != null) ? container.getSeccompProfile().getType()
				: (pod.getSeccompProfile() != null) ? pod.getSeccompProfile().getType() : null;
		if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
			violate(where, "restricted: seccompProfile is " + seccomp + ", not RuntimeDefault or Localhost");
		}
		if (!Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
			violate(where, "readOnlyRootFilesystem is not true");
		}
	}

	private void service(Service service) {
		String name = name(service);
		List<PodSpec> pods = podsSelectedBy(service.getSpec().getSelector());
		strayPods(name, service.getSpec().getSelector());
		if (pods.isEmpty()) {
			violate(name, "spec.selector " + service.getSpec().getSelector() + " selects no pod of the release");
			return;
		}
		for (ServicePort port : service.getSpec().getPorts()) {
			for (PodSpec pod : pods) {
				namedPort(name + " port " + port.getName(), "targetPort", port.getTargetPort(), pod.getContainers()
					.stream()
					.flatMap((container) -> container.getPorts().stream())
					.toList());
			}
		}
	}

	private void budget(PodDisruptionBudget budget) {
		String name = name(budget);
		if (budget.getSpec().getMinAvailable() != null && budget.getSpec().getMaxUnavailable() != null) {
			violate(name, "sets both minAvailable and maxUnavailable");
		}
		strayPods(name, budget.getSpec().getSelector().getMatchLabels());
		if (podsSelectedBy(budget.getSpec().getSelector()).isEmpty()) {
			violate(name, "spec.selector selects no pod of the release");
		}
	}

	private void autoscaler(HorizontalPodAutoscaler autoscaler) {
		var target = autoscaler.getSpec().getScaleTargetRef();
		if (this.objects.stream()
			.noneMatch((object) -> object instanceof Deployment && object.getMetadata().getName().equals(target.getName())
					&& "Deployment".equals(target.getKind()))) {
			violate(name(autoscaler), "scaleTargetRef " + target.getKind() + " " + target.getName() + " is not in the release");
		}
	}

	private void monitor(ServiceMonitor monitor) {
		List<Service> services = services().stream()
			.filter((service) -> selects(monitor.getSpec().getSelector(), service.getMetadata().getLabels()))
			.toList();
		if (services.isEmpty()) {
			violate(name(monitor), "spec.selector selects no Service of the release");
		}
		for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
			for (Service service : services) {
				if (service.getSpec().getPorts().stream().noneMatch((port) -> port.getName().equals(endpoint.getPort()))) {
					violate(name(monitor), "endpoint port " + endpoint.getPort() + " is not a port of " + name(service));
				}
			}
		}
	}

	private void ingress(Ingress ingress) {
		ingress.getSpec().getRules().forEach((rule) -> rule.getHttp().getPaths().forEach((path) -> {
			IngressServiceBackend backend = path.getBackend().getService();
			Service service = service(backend.getName());
			if (service == null) {
				violate(name(ingress), "backend Service " + backend.getName() + " is not in the release");
			}
			else if (service.getSpec().getPorts().stream().noneMatch((port) -> Objects.equals(port.getName(),
					backend.getPort().getName()) && backend.getPort().getName() != null
					|| Objects.equals(port.getPort(), backend.getPort().getNumber()))) {
				violate(name(ingress), "backend port " + backend.getPort() + " is not a port of " + name(service));
			}
		}));
	}

	private void route(HTTPRoute route) {
		for (HTTPRouteRule rule : route.getSpec().getRules()) {
			for (HTTPBackendRef backend : rule.getBackendRefs()) {
				Service service = service(backend.getName());
				if (service == null) {
					violate(name(route), "backendRef " + backend.getName() + " is not a Service of the release");
				}
				else if (service.getSpec().getPorts().stream().noneMatch((port) -> port.getPort().equals(backend.getPort()))) {
					violate(name(route), "backendRef port " + backend.getPort() + " is not a port of " + name(service));
				}
			}
		}
	}

	private void networkPolicy(NetworkPolicy policy) {
		List<PodSpec> pods = podsSelectedBy(policy.getSpec().getPodSelector());
		if (pods.isEmpty()) {
			violate(name(policy), "spec.podSelector selects no pod of the release");
		}
		for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
			for (NetworkPolicyPort port : rule.getPorts()) {
				for (PodSpec pod : pods) {
					namedPort(name(policy), "ingress port", port.getPort(), pod.getContainers()
						.stream()
						.flatMap((container) -> container.getPorts().stream())
						.toList());
				}
			}
		}
	}

	/** A bare pod of the release (the helm test hook) must not be taken for one of the Deployment's pods. */
	private void strayPods(String where, Map<String, String> selector) {
		for (HasMetadata object : this.objects) {
			if (object instanceof Pod pod && selects(selector, pod.getMetadata().getLabels())) {
				violate(where, "selector also selects " + name(pod) + ", which is not a pod of the Deployment");
			}
		}
	}

	private void namedPort(String where, String what, IntOrString port, List<ContainerPort> ports) {
		if (port == null) {
			return;
		}
		boolean found = (port.getStrVal() != null)
				? ports.stream().anyMatch((candidate) -> port.getStrVal().equals(candidate.getName()))
				: ports.stream().anyMatch((candidate) -> port.getIntVal().equals(candidate.getContainerPort()));
		if (!found) {
			violate(where, what + " " + ((port.getStrVal() != null) ? port.getStrVal() : port.getIntVal())
					+ " is not a port of the container(s)");
		}
	}

	private List<PodSpec> podsSelectedBy(Object selector) {
		List<PodSpec> pods = new ArrayList<>();
		for (HasMetadata object : this.objects) {
			if (object instanceof Deployment deployment) {
				Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
				boolean selected = (selector instanceof LabelSelector labelSelector) ? selects(labelSelector, labels)
						: selects((Map<?, ?>) selector, labels);
				if (selected) {
					pods.add(deployment.getSpec().getTemplate().getSpec());
				}
			}
		}
		return pods;
	}

	private static boolean selects(LabelSelector selector, Map<String, String> labels) {
		if (selector == null || !selector.getMatchExpressions().isEmpty()) {
			return false;
		}
		return selects(selector.getMatchLabels(), labels);
	}

	private static boolean selects(Map<?, ?> matchLabels, Map<String, String> labels) {
		return matchLabels != null && !matchLabels.isEmpty() && labels != null
				&& labels.entrySet().containsAll(matchLabels.entrySet());
	}

	private List<Service> services() {
		return this.objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
	}

	private Service service(String name) {
		return services().stream().filter((service) -> service.getMetadata().getName().equals(name)).findFirst().orElse(null);
	}

	private static String volumeType(Volume volume) {
		return volume.getEmptyDir() != null ? "emptyDir" : volume.getConfigMap() != null ? "configMap"
				: volume.getSecret() != null ? "secret" : volume.getProjected() != null ? "projected"
				: volume.getDownwardAPI() != null ? "downwardAPI" : volume.getCsi() != null ? "csi"
				: volume.getEphemeral() != null ? "ephemeral"
				: volume.getPersistentVolumeClaim() != null ? "persistentVolumeClaim"
				: volume.getHostPath() != null ? "hostPath" : "another type";
	}

	private static <T> T first(T container, T pod) {
		return (container != null) ? container : pod;
	}

	private static String name(HasMetadata object) {
		return object.getKind() + " " + object.getMetadata().getName();
	}

	private void violate(String where, String what) {
		this.violations.add(where + ": " + what);
	}

}
