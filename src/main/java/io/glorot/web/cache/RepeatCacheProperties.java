package io.glorot.web.cache;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The on-disk cache of answers with an explicit seed (docs/performance.md, "Repeat fetches"). Off by default: it
 * writes up to {@code maxSize} to a disk the operator has to provide (in a container, a volume; an unplanned write
 * to the container's own layer counts against its ephemeral-storage limit and can get the pod evicted).
 *
 * @param maxSize bytes of answers kept on disk; 0 turns the cache off
 * @param directory where the answers are kept (unset: {@code glorot-cache} in the temporary directory); the
 * service owns everything in it
 * @param minAnswerSize smaller answers are not cached (they are made faster than they are looked up)
 */
@ConfigurationProperties("glorot.cache")
public record RepeatCacheProperties(@DefaultValue("0") DataSize maxSize,
		Path directory, @DefaultValue("1MB") DataSize minAnswerSize) {

	/**
	 * Returns whether the cache is on.
	 * @return whether {@link #maxSize()} is positive
	 */
	public boolean enabled() {
		return this.maxSize.toBytes() > 0;
	}

	/**
	 * Returns the directory to use.
	 * @return {@link #directory()}, or {@code glorot-cache} in {@code java.io.tmpdir} when it is not set
	 */
	public Path effectiveDirectory() {
		return (this.directory != null) ? this.directory : Path.of(System.getProperty("java.io.tmpdir"), "glorot-cache");
	}

}
