package io.glorot.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client for glorot over {@code java.net.http}, with no dependencies: {@link #weights} fetches one tensor,
 * {@link #batch} many named tensors in one request as safetensors, parsed by the client.
 *
 * <pre>{@code GlorotClient glorot = GlorotClient.builder().baseUri("http://localhost:8080").timeout(Duration.ofMinutes(2)).build();}</pre>
 *
 * <p>A {@code weights} download that is cut (a server stopped in a rollout, a proxy's timeout, a reset
 * connection) resumes by itself: the client asks for the bytes it lacks with {@code Range} and {@code If-Range}
 * (docs/api.md, "Resuming a download"). Refused connections and {@code 503} answers are retried too, after
 * {@code Retry-After}; {@link Builder#retries} bounds the consecutive attempts that receive nothing. A batch (a
 * POST, which takes no ranges) is sent again whole. Instances are immutable and thread-safe.
 */
public final class GlorotClient {

	/** The URL used when neither the builder nor {@code GLOROT_URL} gives one. */
	public static final String DEFAULT_URL = "http://localhost:8080";

	/** The default request timeout: how long to wait for an answer's headers. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	/** The default number of consecutive attempts without progress after the first, pausing 0.5 s doubling to 8 s. */
	public static final int DEFAULT_RETRIES = 8;

	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

	private final String url;

	private final HttpClient http;

	private final Duration timeout;

	private final int retries;

	private GlorotClient(Builder builder) {
		this.url = builder.baseUri.toString().replaceAll("/+$", "");
		this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
		this.timeout = builder.timeout;
		this.retries = builder.retries;
	}

	/**
	 * A builder, with the base URI from {@code GLOROT_URL} (else {@value #DEFAULT_URL}), a request timeout of
	 * {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_RETRIES} retries.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A client of the server at {@code GLOROT_URL}, else {@value #DEFAULT_URL}, with the defaults.
	 * @return the client
	 */
	public static GlorotClient create() {
		return builder().build();
	}

	/**
	 * Returns the server this client asks.
	 * @return the base URI, without a trailing slash
	 */
	public URI baseUri() {
		return URI.create(this.url);
	}

	/**
	 * Fetches one tensor: {@code GET /v1/weights}, resuming a cut download with {@code Range}.
	 * @param request the shape and parameters
	 * @return the tensor
	 * @throws GlorotException if the server refuses the request
	 * @throws UncheckedIOException if the server cannot be reached after the retries
	 */
	public Tensor weights(WeightsRequest request) {
		Download download = new Download(request);
		byte[] body = retrying(download::attempt, download::progressed);
		if (request.format() == Format.SAFETENSORS) {
			return Safetensors.parse(body).tensors().values().iterator().next();
		}
		HttpResponse<?> first = download.first;
		String[] parts = header(first, "Tensor-Shape").split(",");
		long[] shape = Arrays.stream(parts).mapToLong(Long::parseLong).toArray();
		return Tensor.of(shape, header(first, "Tensor-Dtype"), body, 0, body.length);
	}

	/**
	 * Fetches many named tensors in one request: {@code POST /v1/weights/batch} as safetensors.
	 * @param request the tensors, seed and defaults
	 * @return the tensors by name, in request order
	 * @throws GlorotException if the server refuses the request
	 */
	public Map<String, Tensor> batch(BatchRequest request) {
		return batchFile(request).tensors();
	}

	/**
	 * Fetches many named tensors in one request.
	 * @param seed the seed of every tensor, an unsigned 64-bit integer held in a long
	 * @param defaults the fields every tensor takes unless it gives its own
	 * @param tensors the tensors, in order
	 * @return the tensors by name, in request order
	 * @throws GlorotException if the server refuses the request
	 */
	public Map<String, Tensor> batch(long seed, BatchDefaults defaults, List<BatchTensor> tensors) {
		return batch(BatchRequest.of(tensors).seed(seed).defaults(defaults));
	}

	/**
	 * Fetches a batch as {@link #batch} does, keeping the file's metadata (generator, seed, and each tensor's
	 * parameters as JSON under {@code tensors}).
	 * @param request the tensors, seed and defaults
	 * @return the parsed file
	 */
	public Safetensors batchFile(BatchRequest request) {
		String body = request.json();
		byte[] answer = retrying(() -> {
			HttpRequest post = HttpRequest.newBuilder(URI.create(this.url + "/v1/weights/batch"))
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			HttpResponse<InputStream> response = send(post);
			try (InputStream in = response.body()) {
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new Retry(ex, -1);
			}
		}, () -> false);
		return Safetensors.parse(answer);
	}

	/** One resumable GET: the bytes so far, the first answer, its tag and length. */
	private final class Download {

		private final WeightsRequest request;

		private String drawnSeed;

		private HttpResponse<?> first;

		private String etag;

		private long total = -1;

		private byte[] data = new byte[0];

		private int received;

		private int seen;

		Download(WeightsRequest request) {
			this.request = request;
		}

		byte[] attempt() {
			Map<String, String> extra = (this.drawnSeed != null) ? Map.of("seed", this.drawnSeed) : Map.of();
			HttpRequest.Builder get = HttpRequest
				.newBuilder(URI.create(GlorotClient.this.url + "/v1/weights?" + this.request.query(extra)))
				.timeout(GlorotClient.this.timeout);
			if (this.received > 0) {
				get.header("Range", "bytes=" + this.received + "-");
				if (this.etag != null) {
					get.header("If-Range", this.etag);
				}
			}
			HttpResponse<InputStream> response = send(get.build());
			if (this.received > 0 && response.statusCode() == 206) {
				String range = response.headers().firstValue("Content-Range").orElse("");
				Matcher matcher = CONTENT_RANGE.matcher(range);
				if (!matcher.matches() || Long.parseLong(matcher.group(1)) != this.received
						|| Long.parseLong(matcher.group(3)) != this.total) {
					close(response);
					throw new GlorotException(206, Map.of("detail",
							"resumed at byte " + this.received + " but the server sent Content-Range " + range));
				}
			}
			else { // 200: the whole answer, first or again (the tag no longer matches)
				this.first = response;
				this.etag = response.headers().firstValue("ETag").orElse(null);
				this.total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
				this.received = 0;
				this.data = new byte[(this.total >= 0) ? Math.toIntExact(this.total) : 1 << 16];
				if (!this.request.hasSeed()) { // a drawn seed: resume the same tensor
					this.drawnSeed = response.headers().firstValue("Tensor-Seed").orElse(null);
				}
			}
			try (InputStream in = response.body()) {
				for (int n; (n = in.read(this.data, this.received, room())) > 0;) {
					this.received += n;
				}
			}
			catch (IOException ex) {
				throw new Retry(ex, -1);
			}
			if (this.total >= 0 && this.received != this.total) {
				throw new Retry(new IOException("answer cut at " + this.received + " of " + this.total + " bytes"),
						-1);
			}
			return Arrays.copyOf(this.data, this.received);
		}

		private int room() {
			if (this.received == this.data.length) {
				if (this.total >= 0) {
					return 0;
				}
				this.data = Arrays.copyOf(this.data, this.data.length * 2);
			}
			return this.data.length - this.received;
		}

		boolean progressed() {
			boolean moved = this.received > this.seen;
			this.seen = this.received;
			return moved;
		}

	}

	/** An attempt worth repeating: a failed or cut connection, or a 503 (after {@code delaySeconds} if >= 0). */
	private static final class Retry extends RuntimeException {

		private final long delaySeconds;

		Retry(Exception cause, long delaySeconds) {
			super(cause.getMessage(), cause);
			this.delaySeconds = delaySeconds;
		}

	}

	private interface Attempt {

		byte[] run();

	}

	private byte[] retrying(Attempt attempt, java.util.function.BooleanSupplier progressed) {
		int failures = 0;
		while (true) {
			try {
				return attempt.run();
			}
			catch (Retry retry) {
				failures = progressed.getAsBoolean() ? 0 : failures + 1;
				if (failures > this.retries) {
					if (retry.getCause() instanceof GlorotException problem) {
						throw problem;
					}
					throw new UncheckedIOException("glorot at " + this.url + ": " + retry.getMessage(),
							(retry.getCause() instanceof IOException io) ? io : new IOException(retry.getCause()));
				}
				long pause = (retry.delaySeconds >= 0) ? retry.delaySeconds * 1000
						: (long) Math.min(500 * Math.pow(2, failures - 1), 8000);
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted", ex);
				}
			}
		}
	}

	private HttpResponse<InputStream> send(HttpRequest request) {
		HttpResponse<InputStream> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new Retry(ex, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		int status = response.statusCode();
		if (status != 200 && status != 206) {
			String text;
			try (InputStream in = response.body()) {
				text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new Retry(ex, -1);
			}
			GlorotException problem = new GlorotException(status, GlorotException.parse(text));
			if (status == 503) {
				throw new Retry(problem, response.headers().firstValueAsLong("Retry-After").orElse(-1));
			}
			throw problem;
		}
		return response;
	}

	private static void close(HttpResponse<InputStream> response) {
		try {
			response.body().close();
		}
		catch (IOException ex) {
			// nothing to do: the answer is refused anyway
		}
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers()
			.firstValue(name)
			.orElseThrow(() -> new GlorotException(response.statusCode(),
					Map.of("detail", "the answer lacks the " + name + " header")));
	}

	/** Builds a {@link GlorotClient}. */
	public static final class Builder {

		private URI baseUri;

		private Duration timeout = DEFAULT_TIMEOUT;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private int retries = DEFAULT_RETRIES;

		private Builder() {
			String env = System.getenv("GLOROT_URL");
			this.baseUri = URI.create((env != null && !env.isBlank()) ? env : DEFAULT_URL);
		}

		/**
		 * Sets the server.
		 * @param baseUri e.g. {@code http://localhost:8080}
		 * @return this
		 */
		public Builder baseUri(URI baseUri) {
			this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
			return this;
		}

		/**
		 * Sets the server.
		 * @param baseUri e.g. {@code http://localhost:8080}
		 * @return this
		 */
		public Builder baseUri(String baseUri) {
			return baseUri(URI.create(baseUri));
		}

		/**
		 * Sets how long each attempt waits for an answer's headers (default {@link #DEFAULT_TIMEOUT}).
		 * @param timeout positive
		 * @return this
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = positive(timeout, "timeout");
			return this;
		}

		/**
		 * Sets how long to wait for a connection (default 10 s).
		 * @param connectTimeout positive
		 * @return this
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = positive(connectTimeout, "connectTimeout");
			return this;
		}

		/**
		 * Sets how many consecutive attempts that receive nothing are made after the first (default
		 * {@link #DEFAULT_RETRIES}); 0 turns retrying and resuming off.
		 * @param retries 0 or more
		 * @return this
		 */
		public Builder retries(int retries) {
			if (retries < 0) {
				throw new IllegalArgumentException("retries must be 0 or more");
			}
			this.retries = retries;
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 */
		public GlorotClient build() {
			return new GlorotClient(this);
		}

		private static Duration positive(Duration duration, String name) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

	}

}
