package io.glorot.web;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import io.glorot.format.TensorFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repeat cache over real HTTP (docs/performance.md, "Repeat fetches"): a repeat is sent from disk with the same
 * bytes and headers as the fresh answer, whole or as a range; a damaged file is detected and the answer made
 * afresh; concurrent first requests all get the right bytes and store one copy; the budget holds by eviction.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RepeatCacheIntegrationTests {

	private static final long BUDGET = 24L << 20;

	private static Path directory;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void cache(DynamicPropertyRegistry properties) throws IOException {
		directory = Files.createTempDirectory("glorot-cache-test");
		properties.add("glorot.cache.directory", directory::toString);
		properties.add("glorot.cache.max-size", () -> BUDGET + "B");
		properties.add("glorot.cache.min-answer-size", () -> "1MB");
	}

	@AfterAll
	static void deleteDirectory() throws IOException {
		FileSystemUtils.deleteRecursively(directory);
	}

	@Test
	void repeatShouldBeSentFromTheCacheWithTheFreshBytesAndHeadersWholeOrAsARange() throws Exception {
		for (String format : List.of("raw", "npy", "safetensors")) {
			String query = "shape=1024,1024&seed=11&distribution=normal&format=" + format;
			byte[] expected = TestRequests.encode(TestRequests.spec(query), TensorFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)));
			double hits = counter("glorot.cache.lookups", "hit");
			HttpResponse<byte[]> fresh = get(query);
			assertThat(fresh.statusCode()).isEqualTo(200);
			assertThat(fresh.body()).isEqualTo(expected);
			assertThat(counter("glorot.cache.lookups", "hit")).isEqualTo(hits);

			HttpResponse<byte[]> repeat = get(query);
			assertThat(counter("glorot.cache.lookups", "hit")).isEqualTo(hits + 1);
			assertThat(repeat.statusCode()).isEqualTo(200);
			assertThat(repeat.body()).isEqualTo(expected);
			for (String header : List.of("etag", "content-type", "content-length", "cache-control", "x-tensor-shape",
					"x-tensor-dtype", "x-tensor-seed", "content-disposition")) {
				assertThat(repeat.headers().allValues(header)).as(header)
					.isEqualTo(fresh.headers().allValues(header));
			}

			HttpResponse<byte[]> range = get(query, "Range", "bytes=100-2000099");
			assertThat(counter("glorot.cache.lookups", "hit")).isEqualTo(hits + 2);
			assertThat(range.statusCode()).isEqualTo(206);
			assertThat(range.headers().firstValue("content-range")).hasValue("bytes 100-2000099/" + expected.length);
			assertThat(range.body()).isEqualTo(Arrays.copyOfRange(expected, 100, 2000100));
		}
	}

	@Test
	void damagedFileShouldBeDetectedDiscardedAndTheAnswerMadeAfresh() throws Exception {
		String query = "shape=512,1024&seed=12&format=raw";
		byte[] expected = TestRequests.encode(TestRequests.spec(query), TensorFormat.RAW);
		assertThat(get(query).body()).isEqualTo(expected);
		Path file = storedFile(get(query).headers().firstValue("etag").orElseThrow());

		// a byte changed in place
		try (RandomAccessFile damage = new RandomAccessFile(file.toFile(), "rw")) {
			damage.seek(12345);
			damage.write(~expected[12345]);
		}
		// as any write does, the change moved the file's time (set explicitly: a coarse clock might not show it)
		Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
		double corrupt = counter("glorot.cache.corrupt", null);
		assertThat(get(query).body()).isEqualTo(expected);
		assertThat(counter("glorot.cache.corrupt", null)).isEqualTo(corrupt + 1);

		// stored again by that answer, then truncated
		double hits = counter("glorot.cache.lookups", "hit");
		assertThat(get(query).body()).isEqualTo(expected);
		assertThat(counter("glorot.cache.lookups", "hit")).isEqualTo(hits + 1);
		try (RandomAccessFile damage = new RandomAccessFile(storedFile(etag(query)).toFile(), "rw")) {
			damage.setLength(expected.length / 2);
		}
		assertThat(get(query).body()).isEqualTo(expected);
		assertThat(counter("glorot.cache.corrupt", null)).isEqualTo(corrupt + 2);
		assertThat(get(query).body()).isEqualTo(expected);
	}

	@Test
	void concurrentFirstRequestsShouldAllGetTheBytesAndStoreOneCopy() throws Exception {
		String query = "shape=1024,1024&seed=13&format=raw";
		byte[] expected = TestRequests.encode(TestRequests.spec(query), TensorFormat.RAW);
		double stored = counter("glorot.cache.stored", null);
		int clients = 6;
		CyclicBarrier start = new CyclicBarrier(clients);
		List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			for (int i = 0; i < clients; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return get(query);
				}));
			}
			for (Future<HttpResponse<byte[]>> answer : answers) {
				assertThat(answer.get().statusCode()).isEqualTo(200);
				assertThat(answer.get().body()).isEqualTo(expected);
			}
		}
		assertThat(counter("glorot.cache.stored", null) - stored).isEqualTo(expected.length);
		double hits = counter("glorot.cache.lookups", "hit");
		assertThat(get(query).body()).isEqualTo(expected);
		assertThat(counter("glorot.cache.lookups", "hit")).isEqualTo(hits + 1);
		assertThat(Files.list(directory).filter((f) -> f.toString().endsWith(".part")).count()).isZero();
	}

	@Test
	void budgetShouldHoldByEvictingTheLeastRecentlyUsed() throws Exception {
		// 8 MiB answers in a 24 MiB budget: the fourth evicts the least recently used
		List<String> queries = new ArrayList<>();
		for (int seed = 20; seed < 24; seed++) {
			queries.add("shape=2048,1024&seed=" + seed + "&format=raw");
		}
		double evictions = counter("glorot.cache.evictions", null);
		for (String query : queries) {
			get(query);
			assertThat(gauge("glorot.cache.size")).isLessThanOrEqualTo(BUDGET);
		}
		assertThat(counter("glorot.cache.evictions", null) - evictions).isGreaterThanOrEqualTo(1);
		double hits = counter("glorot.cache.lookups", "hit");
		byte[] last = get(queries.get(3)).body();
		assertThat(counter("glorot.cache.lookups", "hit")).isEqualTo(hits + 1);
		assertThat(last).isEqualTo(TestRequests.encode(TestRequests.spec(queries.get(3)), TensorFormat.RAW));
		get(queries.get(0));
		assertThat(counter("glorot.cache.lookups", "hit")).as("the first was evicted").isEqualTo(hits + 1);
	}

	@Test
	void answersWithoutASeedOrSmallShouldNotBeStored() throws Exception {
		double stored = counter("glorot.cache.stored", null);
		get("shape=1024,1024&format=raw");
		get("shape=64,64&seed=1&format=raw");
		assertThat(counter("glorot.cache.stored", null)).isEqualTo(stored);
	}

	private String etag(String query) throws Exception {
		return get(query).headers().firstValue("etag").orElseThrow();
	}

	private static Path storedFile(String etag) {
		return directory.resolve(etag.replace("\"", "") + ".bin");
	}

	private HttpResponse<byte[]> get(String query, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/weights?" + query));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private double counter(String name, String result) {
		Counter counter = (result != null) ? this.registry.find(name).tag("result", result).counter()
				: this.registry.find(name).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double gauge(String name) {
		Gauge gauge = this.registry.find(name).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

}
