package io.glorot.random;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stream number that a tensor's name selects (canonical-generator.md §2): 0 for no name, otherwise the first
 * eight bytes of SHA-256 of the name's UTF-8 bytes, read little-endian.
 */
public final class StreamId {

	private StreamId() {
	}

	/**
	 * Returns the stream number of a tensor name.
	 * @param name the tensor's name, or {@code null} for an unnamed tensor
	 * @return the unsigned 64-bit stream number, held in a {@code long}
	 */
	public static long of(String name) {
		if (name == null) {
			return 0L;
		}
		byte[] digest = sha256().digest(name.getBytes(StandardCharsets.UTF_8));
		long stream = 0;
		for (int i = 7; i >= 0; i--) {
			stream = (stream << 8) | (digest[i] & 0xFF);
		}
		return stream;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
