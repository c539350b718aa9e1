package io.glorot.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How values are generated: on how many worker threads, in chunks of how many elements, and how far ahead of the
 * writer one answer may run. Memory per streamed answer is about {@code (chunksAhead + 1) * chunkElements} times
 * the element size.
 *
 * @param threads worker threads shared by all answers; 0 means one per available processor
 * @param chunkElements elements generated per chunk
 * @param chunksAhead chunks one answer may have in generation beyond the one being written
 */
@ConfigurationProperties("glorot.generation")
public record GenerationProperties(@DefaultValue("0") int threads, @DefaultValue("262144") int chunkElements,
		@DefaultValue("3") int chunksAhead) {

	/**
	 * Returns the number of worker threads to start.
	 * @return {@link #threads()}, or the available processors when it is 0
	 */
	public int effectiveThreads() {
		return (this.threads > 0) ? this.threads : Runtime.getRuntime().availableProcessors();
	}

}
