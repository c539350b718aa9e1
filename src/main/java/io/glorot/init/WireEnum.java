package io.glorot.init;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A closed set of values with stable names on the wire, independent of the Java constant names.
 */
public interface WireEnum {

	/**
	 * Returns the name used in requests, responses and metadata.
	 * @return the wire name
	 */
	String id();

	/**
	 * Finds the constant with a wire name.
	 * @param <E> the enum type
	 * @param type the enum class
	 * @param id the wire name, compared exactly
	 * @return the constant, or empty when no constant has that name
	 */
	static <E extends Enum<E> & WireEnum> Optional<E> find(Class<E> type, String id) {
		return Arrays.stream(type.getEnumConstants()).filter((e) -> e.id().equals(id)).findFirst();
	}

	/**
	 * Lists the wire names of an enum, in declaration order.
	 * @param <E> the enum type
	 * @param type the enum class
	 * @return the names
	 */
	static <E extends Enum<E> & WireEnum> List<String> ids(Class<E> type) {
		return Arrays.stream(type.getEnumConstants()).map(WireEnum::id).toList();
	}

}
