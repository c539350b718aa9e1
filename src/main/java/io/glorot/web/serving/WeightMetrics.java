package io.glorot.web.serving;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import io.glorot.format.BatchFormat;
import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;

/**
 * The service's own meters, on top of Spring's {@code http.server.requests}. Tags come from closed sets only
 * (distribution, dtype, format, generator version), never from a shape, seed or name, so cardinality stays bounded.
 */
@Component
public class WeightMetrics {

	private final MeterRegistry registry;

	private final Counter bytes;

	private final Counter aborted;

	private final Map<Tagged, Counters> counters = new ConcurrentHashMap<>();

	WeightMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.bytes = Counter.builder("glorot.bytes.written")
			.description("Bytes of tensor answers written")
			.baseUnit("bytes")
			.register(registry);
		this.aborted = Counter.builder("glorot.responses.aborted")
			.description("Answers the client stopped reading before the end")
			.register(registry);
	}

	/**
	 * Counts one tensor answered in full.
	 * @param spec the tensor
	 * @param format its format
	 * @param byteCount bytes written
	 */
	public void served(TensorSpec spec, TensorFormat format, long byteCount) {
		tensorServed(spec, format.id());
		this.bytes.increment(byteCount);
	}

	/**
	 * Counts a batch answered in full: each tensor, tagged with the batch's format.
	 * @param specs the tensors
	 * @param format the batch's format
	 * @param byteCount bytes written
	 */
	public void servedBatch(List<TensorSpec> specs, BatchFormat format, long byteCount) {
		for (TensorSpec spec : specs) {
			tensorServed(spec, format.id());
		}
		this.bytes.increment(byteCount);
	}

	/** Counts one tensor and its elements, tagged with the answer's format and the tensor's generator. */
	private void tensorServed(TensorSpec spec, String format) {
		Tagged tags = new Tagged(spec.distribution().id(), spec.dtype().id(), format, spec.generator().version());
		Counters counters = this.counters.computeIfAbsent(tags, this::register);
		counters.tensors().increment();
		counters.elements().increment(spec.region().elementCount());
	}

	/**
	 * Registers the two counters of one set of tags. They are kept, as meters used on a hot path usually are:
	 * registering again on every answer costs a tag sort and a registry lookup each (docs/performance.md,
	 * "Small answers measured in CPU time"); the tags come from closed sets, so the map stays small.
	 */
	private Counters register(Tagged tags) {
		return new Counters(Counter.builder("glorot.tensors.served")
			.description("Tensors answered in full")
			.tag("distribution", tags.distribution())
			.tag("dtype", tags.dtype())
			.tag("format", tags.format())
			.tag("generator", tags.generator())
			.register(this.registry),
				Counter.builder("glorot.elements.generated")
					.description("Tensor elements generated and written")
					.tag("dtype", tags.dtype())
					.tag("format", tags.format())
					.tag("generator", tags.generator())
					.register(this.registry));
	}

	/** The tags of a tensor answered. */
	private record Tagged(String distribution, String dtype, String format, String generator) {
	}

	/** The counters of one set of tags. */
	private record Counters(Counter tensors, Counter elements) {
	}

	/**
	 * Counts an answer the client abandoned.
	 * @param byteCount bytes written before the client left
	 */
	public void aborted(long byteCount) {
		this.aborted.increment();
		this.bytes.increment(byteCount);
	}

}
