package io.glorot.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Reads rendered Kubernetes manifests into the typed object models of the fabric8 project, strictly: a field the
 * model of its object does not know is an error, as it is for {@code kubectl apply --validate=strict} (the API
 * server otherwise drops it silently: a {@code readOnlyRootFileSystem} typo ships a writable root filesystem). The
 * models keep fields they do not know in an {@code additionalProperties} map instead of failing, so the reader
 * walks every object of the model and reports each such map that is not empty. A kind without a model is an
 * error too, so nothing passes unchecked; a wrong type fails in the conversion.
 */
final class StrictManifestReader {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private StrictManifestReader() {
	}

	/**
	 * The typed object of one rendered document.
	 * @param document the document as YAML maps and lists
	 * @return the object, never a generic one
	 * @throws IllegalArgumentException naming every unknown field by its path, a kind with no model, or a wrong
	 * type
	 */
	static HasMetadata read(Map<String, Object> document) {
		String what = document.get("apiVersion") + " " + document.get("kind");
		KubernetesResource resource;
		try {
			resource = MAPPER.convertValue(document, KubernetesResource.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(what + ": " + ex.getMessage(), ex);
		}
		if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata object)) {
			throw new IllegalArgumentException(what + ": no typed model, so it cannot be checked strictly");
		}
		List<String> unknown = new ArrayList<>();
		walk(object, "", unknown);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException(what + " " + object.getMetadata().getName() + ": unknown field"
					+ ((unknown.size() > 1) ? "s " : " ") + String.join(", ", unknown));
		}
		return object;
	}

	private static void walk(Object node, String path, List<String> unknown) {
		if (node == null) {
			return;
		}
		if (node instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				walk(item, path + "[" + index++ + "]", unknown);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> walk(value, path + "." + key, unknown));
			return;
		}
		if (!node.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Class<?> type = node.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				if (field.getName().equals("additionalProperties") && Map.class.isAssignableFrom(field.getType())) {
					((Map<?, ?>) value(field, node)).keySet()
						.forEach((key) -> unknown.add(path.isEmpty() ? String.valueOf(key) : path.substring(1) + "." + key));
				}
				else if (field.isAnnotationPresent(JsonProperty.class)) {
					walk(value(field, node), path + "." + field.getAnnotation(JsonProperty.class).value(), unknown);
				}
			}
		}
	}

	private static Object value(Field field, Object owner) {
		try {
			field.setAccessible(true);
			return field.get(owner);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
