package io.glorot.format;

import java.util.List;

import io.glorot.init.WireEnum;

/**
 * The formats a batch of tensors is served in ({@code POST /v1/weights/batch}), with the media types that select
 * each in {@code Accept}, in the order negotiation tries them.
 */
public enum BatchFormat implements WireEnum {

	/** An object keyed by tensor name, each entry the single-tensor JSON answer. */
	JSON("json", "json", "application/json"),

	/** One safetensors file holding every tensor; also the answer to {@code application/octet-stream}. */
	SAFETENSORS("safetensors", "safetensors", "application/x-safetensors", "application/octet-stream"),

	/** A zip of {@code <name>.npy} files, as {@code numpy.savez} writes and {@code numpy.load} reads. */
	NPZ("npz", "npz", "application/x-npz");

	private final String id;

	private final String extension;

	private final List<String> mediaTypes;

	BatchFormat(String id, String extension, String... mediaTypes) {
		this.id = id;
		this.extension = extension;
		this.mediaTypes = List.of(mediaTypes);
	}

	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Returns the media type of the answer.
	 * @return e.g. {@code application/x-npz}
	 */
	public String mediaType() {
		return this.mediaTypes.get(0);
	}

	/**
	 * Returns every media type that selects this format, the answer's first.
	 * @return the media types
	 */
	public List<String> mediaTypes() {
		return this.mediaTypes;
	}

	/**
	 * Returns the file extension of a download.
	 * @return e.g. {@code npz}
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

}
