package io.glorot.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.glorot.format.TensorEncoders;
import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;
import io.glorot.web.request.QueryFields;
import io.glorot.web.request.TensorRequestParser;

/**
 * Builds specs and answers from query strings without a server, for tests.
 */
final class TestRequests {

	private TestRequests() {
	}

	static Map<String, String[]> query(String query) {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					new String[] { URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) });
		}
		return parameters;
	}

	static TensorSpec spec(String query) {
		return new TensorRequestParser().parse(new QueryFields(query(query))).spec();
	}

	static byte[] encode(TensorSpec spec, TensorFormat format) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			new TensorEncoders(ValueWriter.sequential()).of(format).write(spec, spec.generator().open(spec), out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** The SHA-256 of the parts one after the other (an answer received in pieces, say). */
	static String sha256(byte[]... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (byte[] part : parts) {
				digest.update(part);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
