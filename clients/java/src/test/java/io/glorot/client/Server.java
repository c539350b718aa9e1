package io.glorot.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The glorot the integration tests run against: {@code GLOROT_URL}, checked to be up, with a message saying what
 * to do when it is not.
 */
final class Server {

	private Server() {
	}

	static String url() {
		String url = System.getenv("GLOROT_URL");
		if (url == null || url.isBlank()) {
			throw new IllegalStateException("the integration tests need a running glorot: start one "
					+ "(java -jar target/glorot-*.jar --server.port=8080) and set GLOROT_URL=http://127.0.0.1:8080");
		}
		url = url.replaceAll("/+$", "");
		try {
			HttpResponse<Void> ready = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url + "/readyz")).build(), HttpResponse.BodyHandlers.discarding());
			if (ready.statusCode() != 200) {
				throw new IllegalStateException("glorot at GLOROT_URL=" + url + " is not ready: /readyz answered "
						+ ready.statusCode());
			}
		}
		catch (java.io.IOException | InterruptedException ex) {
			throw new IllegalStateException("no glorot answers at GLOROT_URL=" + url + " (" + ex + ")", ex);
		}
		return url;
	}

	static byte[] fetch(String url, String path) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new AssertionError(path + " answered " + response.statusCode());
		}
		return response.body();
	}

}
