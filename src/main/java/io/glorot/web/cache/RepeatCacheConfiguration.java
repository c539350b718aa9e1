package io.glorot.web.cache;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the repeat cache when {@code glorot.cache.max-size} is set.
 */
@Configuration(proxyBeanMethods = false)
class RepeatCacheConfiguration {

	/** An evicted file may be about to be opened by the connector for a hit just handed over. */
	private static final long DELETE_GRACE_MILLIS = 30_000;

	private static final Log log = LogFactory.getLog(RepeatCacheConfiguration.class);

	@Bean
	RepeatAnswers repeatAnswers(RepeatCacheProperties properties, MeterRegistry registry) {
		if (!properties.enabled()) {
			return RepeatAnswers.off();
		}
		RepeatCache cache = new RepeatCache(properties.effectiveDirectory(), properties.maxSize().toBytes(),
				properties.minAnswerSize().toBytes(), DELETE_GRACE_MILLIS, new RepeatCacheMetrics(registry));
		log.info("Repeat cache: answers with an explicit seed of at least " + properties.minAnswerSize()
				+ " are kept in " + properties.effectiveDirectory().toAbsolutePath() + ", up to " + properties.maxSize());
		return new RepeatAnswers(cache);
	}

}
