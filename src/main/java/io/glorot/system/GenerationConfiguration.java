package io.glorot.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.glorot.format.TensorEncoders;
import io.glorot.tensor.ValueWriter;

/**
 * The worker pool that generates chunks ahead of the writers, and the encoders that use it.
 */
@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService generationPool(GenerationProperties properties) {
		ThreadFactory threads = Thread.ofPlatform().name("glorot-gen-", 0).daemon(true).factory();
		return Executors.newFixedThreadPool(properties.effectiveThreads(), threads);
	}

	@Bean
	ValueWriter valueWriter(ExecutorService generationPool, GenerationProperties properties) {
		return ValueWriter.parallel(generationPool, properties.chunkElements(), properties.chunksAhead());
	}

	@Bean
	TensorEncoders tensorEncoders(ValueWriter valueWriter) {
		return new TensorEncoders(valueWriter);
	}

}
