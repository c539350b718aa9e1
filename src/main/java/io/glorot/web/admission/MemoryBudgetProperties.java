package io.glorot.web.admission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The memory streamed answers may hold together (docs/reliability.md, "Memory-bounded admission").
 *
 * @param budget the budget; 0 derives it from the heap with {@code heapFraction}
 * @param heapFraction the share of the maximum heap ({@code -Xmx}) streamed answers may hold when no budget is
 * given; the rest is for the service itself, Tomcat and the garbage collector's headroom
 */
@ConfigurationProperties("glorot.admission.memory")
public record MemoryBudgetProperties(@DefaultValue("0B") DataSize budget, @DefaultValue("0.4") double heapFraction) {

	/**
	 * The budget in bytes.
	 * @param maxHeap the maximum heap, from {@link Runtime#maxMemory()}
	 * @return {@link #budget()} if given, else {@code heapFraction} of the heap
	 */
	long bytes(long maxHeap) {
		if (this.budget.toBytes() > 0) {
			return this.budget.toBytes();
		}
		if (!(this.heapFraction > 0 && this.heapFraction <= 1)) {
			throw new IllegalArgumentException(
					"glorot.admission.memory.heap-fraction must be in (0, 1], got " + this.heapFraction);
		}
		return (long) (maxHeap * this.heapFraction);
	}

}
