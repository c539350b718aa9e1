package io.glorot.web.serving;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.json.JsonMapper;

import io.glorot.format.TensorDescription;
import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;

/**
 * Strong entity tags: a hash of the normalized request (every parameter that determines the bytes, the generator's
 * version among them) and the format. Two requests that spell the same tensor differently (a default given or
 * not, {@code Accept} or {@code format=}) get the same tag, on every replica; a new generator version gets a new one.
 */
public final class ETags {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ETags() {
	}

	public static String of(TensorSpec spec, TensorFormat format) {
		byte[] description = JSON.writeValueAsBytes(TensorDescription.of(spec));
		MessageDigest sha256 = sha256();
		sha256.update(format.id().getBytes(StandardCharsets.US_ASCII));
		sha256.update((byte) 0);
		sha256.update(description);
		byte[] digest = sha256.digest();
		return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
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
