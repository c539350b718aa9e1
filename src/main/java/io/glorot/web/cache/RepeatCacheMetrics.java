package io.glorot.web.cache;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The repeat cache's meters (docs/operations.md): lookups by result, bytes sent from and stored to disk, evictions,
 * files found damaged, and the size on disk.
 */
public final class RepeatCacheMetrics {

	private final MeterRegistry registry;

	private final Counter hits;

	private final Counter misses;

	private final Counter servedBytes;

	private final Counter storedBytes;

	private final Counter evictions;

	private final Counter corrupt;

	/**
	 * Registers the meters.
	 * @param registry where they go
	 */
	public RepeatCacheMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.hits = lookups(registry, "hit");
		this.misses = lookups(registry, "miss");
		this.servedBytes = Counter.builder("glorot.cache.served")
			.description("Bytes of answers sent from the repeat cache")
			.baseUnit("bytes")
			.register(registry);
		this.storedBytes = Counter.builder("glorot.cache.stored")
			.description("Bytes of answers written to the repeat cache")
			.baseUnit("bytes")
			.register(registry);
		this.evictions = Counter.builder("glorot.cache.evictions")
			.description("Answers evicted from the repeat cache to stay within its budget")
			.register(registry);
		this.corrupt = Counter.builder("glorot.cache.corrupt")
			.description("Cached answers found truncated or changed on disk, discarded and made afresh")
			.register(registry);
	}

	private static Counter lookups(MeterRegistry registry, String result) {
		return Counter.builder("glorot.cache.lookups")
			.description("Lookups of cacheable answers in the repeat cache")
			.tag("result", result)
			.register(registry);
	}

	void bindSize(LongSupplier bytes, IntSupplier entries) {
		Gauge.builder("glorot.cache.size", bytes, LongSupplier::getAsLong)
			.description("Bytes of complete answers in the repeat cache")
			.strongReference(true)
			.baseUnit("bytes")
			.register(this.registry);
		Gauge.builder("glorot.cache.entries", entries, IntSupplier::getAsInt)
			.description("Complete answers in the repeat cache")
			.strongReference(true)
			.register(this.registry);
	}

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	void servedBytes(long bytes) {
		this.servedBytes.increment(bytes);
	}

	void stored(long bytes) {
		this.storedBytes.increment(bytes);
	}

	void evicted() {
		this.evictions.increment();
	}

	void corrupt() {
		this.corrupt.increment();
	}

}
