package io.glorot.tensor;

import java.util.List;

/**
 * A request that a generator cannot reproduce, such as a distribution its library does not have. It names the
 * field at fault and what the generator supports for it.
 */
public class UnsupportedTensorException extends IllegalArgumentException {

	private final String field;

	private final List<String> supported;

	/**
	 * Makes the exception.
	 * @param field the request field at fault, such as {@code distribution}
	 * @param message what is wrong and what is supported, for the client
	 * @param supported the values the generator supports for the field (may be empty)
	 */
	public UnsupportedTensorException(String field, String message, List<String> supported) {
		super(message);
		this.field = field;
		this.supported = List.copyOf(supported);
	}

	/**
	 * Returns the field at fault.
	 * @return the field's name
	 */
	public String field() {
		return this.field;
	}

	/**
	 * Returns what the generator supports for the field.
	 * @return the supported values
	 */
	public List<String> supported() {
		return this.supported;
	}

}
