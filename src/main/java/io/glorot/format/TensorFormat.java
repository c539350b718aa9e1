package io.glorot.format;

import java.util.Optional;

import io.glorot.init.WireEnum;

/**
 * The formats a tensor is served in, with the media type that selects each in {@code Accept}.
 */
public enum TensorFormat implements WireEnum {

	/** A JSON object with the parameters and the values as nested arrays. */
	JSON("json", "application/json", "json"),

	/** The values alone: little-endian, C order. */
	RAW("raw", "application/octet-stream", "bin"),

	/** NumPy's {@code .npy} format. */
	NPY("npy", "application/x-npy", "npy"),

	/** Hugging Face's safetensors format. */
	SAFETENSORS("safetensors", "application/x-safetensors", "safetensors");

	private final String id;

	private final String mediaType;

	private final String extension;

	TensorFormat(String id, String mediaType, String extension) {
		this.id = id;
		this.mediaType = mediaType;
		this.extension = extension;
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Returns the media type of the answer.
	 * @return e.g. {@code application/x-npy}
	 */
	public String mediaType() {
		return this.mediaType;
	}

	/**
	 * Returns the file extension of a download.
	 * @return e.g. {@code npy}
	 */
	public String extension() {
		return this.extension;
	}

	/**
	 * Tells whether the format is binary (and so has an exact length known before any value is made).
	 * @return false for JSON only
	 */
	public boolean isBinary() {
		return this != JSON;
	}

	/**
	 * Finds the format served for a media type.
	 * @param mediaType a type without parameters, e.g. {@code application/x-npy}
	 * @return the format, or empty
	 */
	public static Optional<TensorFormat> forMediaType(String mediaType) {
		for (TensorFormat format : values()) {
			if (format.mediaType.equalsIgnoreCase(mediaType)) {
				return Optional.of(format);
			}
		}
		return Optional.empty();
	}

}
