package io.glorot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Logback's configuration in a test JVM until Spring Boot sets up logging: warnings and errors only. Without it
 * logback's built-in default logs at DEBUG, and Spring's test bootstrap prints four INFO lines per test class while it
 * looks for the class's configuration, before any application starts. Logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} (test resources only); it is no configuration
 * file, so when a test's application starts, Spring Boot still applies its own logging setup (structured logs
 * included) and {@code config/application.properties}' levels.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class QuietTestLogging extends ContextAwareBase implements Configurator {

	@Override
	public ExecutionStatus configure(LoggerContext context) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger - %msg%n");
		encoder.start();
		ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
		console.setContext(context);
		console.setName("console");
		console.setEncoder(encoder);
		console.start();
		ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.WARN);
		root.addAppender(console);
		return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
	}

}
