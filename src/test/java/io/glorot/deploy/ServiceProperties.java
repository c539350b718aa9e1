package io.glorot.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The configuration properties the service reads, for checking that an environment variable names one: its own
 * ({@code @ConfigurationProperties} records of {@code io.glorot}, their components in kebab case, and every
 * {@code @Value("${...}")} placeholder of its main classes, not of the tests) and those of the libraries it runs on (every
 * {@code META-INF/spring-configuration-metadata.json} on the class path: Spring Boot's modules, springdoc). A
 * property of a map type also takes any name below it ({@code logging.level.io.glorot}).
 */
final class ServiceProperties {

	/** The environment variables Spring binds (the chart's and an operator's {@code extraEnv}); others are not ours. */
	static final Pattern SPRING_VARIABLE = Pattern.compile("^(GLOROT|SPRING|SPRINGDOC|SERVER|MANAGEMENT|LOGGING)_.+");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9._-]+)(:[^}]*)?}");

	private final Set<ConfigurationPropertyName> exact = new HashSet<>();

	private final List<ConfigurationPropertyName> maps = new ArrayList<>();

	private final Set<String> own = new TreeSet<>();

	private ServiceProperties() {
	}

	/**
	 * Reads the service's properties and the libraries' metadata from the class path.
	 * @return the properties
	 */
	static ServiceProperties load() {
		ServiceProperties properties = new ServiceProperties();
		properties.scanOwn();
		properties.readMetadata();
		return properties;
	}

	/**
	 * The service's own property names (for the test's own sanity check).
	 * @return names in canonical form
	 */
	Set<String> own() {
		return this.own;
	}

	/**
	 * The environment variables among {@code env} that Spring would bind and that name no known property.
	 * @param env variables by name
	 * @return the names of those that bind to nothing, in order
	 */
	List<String> unbound(Map<String, String> env) {
		List<String> unbound = new ArrayList<>();
		for (String variable : env.keySet()) {
			if (!SPRING_VARIABLE.matcher(variable).matches()) {
				continue;
			}
			ConfigurationPropertySource source = ConfigurationPropertySources
				.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new LinkedHashMap<>(Map.of(variable, "x"))))
				.iterator()
				.next();
			List<ConfigurationPropertyName> names = ((IterableConfigurationPropertySource) source).stream().toList();
			if (names.stream().noneMatch(this::known)) {
				unbound.add(variable);
			}
		}
		return unbound;
	}

	private boolean known(ConfigurationPropertyName name) {
		return this.exact.contains(name) || this.maps.stream().anyMatch((map) -> map.isAncestorOf(name));
	}

	private void add(String name, boolean map) {
		ConfigurationPropertyName parsed = ConfigurationPropertyName.ofIfValid(name);
		if (parsed == null) {
			return; // a metadata entry such as "logging.level.*" documents a pattern, not a name
		}
		if (map) {
			this.maps.add(parsed);
		}
		else {
			this.exact.add(parsed);
		}
	}

	private void scanOwn() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(
					org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter((reader, factory) -> true);
		for (BeanDefinition definition : scanner.findCandidateComponents("io.glorot")) {
			Class<?> type = ClassUtils.resolveClassName(definition.getBeanClassName(), getClass().getClassLoader());
			if (!isMainClass(type)) {
				continue; // a test's @Value does not make a property the service reads
			}
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			if (annotation != null) {
				String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
				if (!type.isRecord()) {
					throw new IllegalStateException(type + ": only records are read here; teach ServiceProperties its form");
				}
				components(prefix, type);
			}
			placeholders(type);
		}
	}

	private void components(String prefix, Class<?> record) {
		for (RecordComponent component : record.getRecordComponents()) {
			String name = prefix + "." + kebab(component.getName());
			Class<?> type = component.getType();
			if (type.isRecord() && type.getName().startsWith("io.glorot.")) {
				components(name, type);
			}
			else {
				boolean map = Map.class.isAssignableFrom(type);
				add(name, map);
				this.own.add(name);
			}
		}
	}

	private void placeholders(Class<?> type) {
		List<AnnotatedElement> elements = new ArrayList<>();
		List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
		executables.addAll(List.of(type.getDeclaredMethods()));
		for (Executable executable : executables) {
			elements.add(executable);
			elements.addAll(List.of(executable.getParameters()));
		}
		for (Field field : type.getDeclaredFields()) {
			elements.add(field);
		}
		for (AnnotatedElement element : elements) {
			Value value = element.getAnnotation(Value.class);
			if (value != null) {
				Matcher placeholder = PLACEHOLDER.matcher(value.value());
				while (placeholder.find()) {
					add(placeholder.group(1), false);
					this.own.add(placeholder.group(1));
				}
			}
		}
	}

	private void readMetadata() {
		JsonMapper json = JsonMapper.builder().build();
		try {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
			List<Resource> resources = new ArrayList<>(List.of(resolver
				.getResources("classpath*:META-INF/spring-configuration-metadata.json")));
			resources.addAll(List.of(resolver.getResources("classpath*:META-INF/additional-spring-configuration-metadata.json")));
			if (resources.size() < 5) {
				throw new IllegalStateException("expected Spring Boot's configuration metadata, found " + resources);
			}
			for (Resource resource : resources) {
				try (InputStream in = resource.getInputStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						String type = property.path("type").asString("");
						add(property.path("name").asString(), type.startsWith("java.util.Map<"));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether a class is the service's own, from {@code target/classes} (not {@code target/test-classes}). */
	private static boolean isMainClass(Class<?> type) {
		return type.getProtectionDomain().getCodeSource().getLocation().getPath().endsWith("/classes/");
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
