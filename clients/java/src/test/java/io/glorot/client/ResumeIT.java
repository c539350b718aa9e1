package io.glorot.client;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads cut mid-answer by a proxy resume with Range and If-Range and give the whole answer, bit for bit.
 */
class ResumeIT {

	private static String url;

	@BeforeAll
	static void server() {
		url = Server.url();
	}

	@Test
	void weightsShouldResumeAfterCutsWithRange() throws Exception {
		try (CuttingProxy proxy = new CuttingProxy(url, 300_000, 3)) {
			GlorotClient client = GlorotClient.builder().baseUri(proxy.url()).build();
			Tensor tensor = client.weights(WeightsRequest.of(512, 512).seed(11).name("big"));
			assertArrayEquals(Server.fetch(url, "/v1/weights?shape=512,512&seed=11&name=big&format=raw"),
					GlorotClientIT.bytes(tensor));
			List<CuttingProxy.Record> resumed = proxy.records.stream().filter((r) -> !r.range.isEmpty()).toList();
			assertEquals(3, resumed.size());
			long previous = 0;
			for (CuttingProxy.Record record : resumed) {
				assertTrue(record.status.startsWith("HTTP/1.1 206"), record.status);
				assertTrue(record.ifRange.startsWith("\""), record.ifRange);
				long start = Long.parseLong(record.range.substring("bytes=".length(), record.range.length() - 1));
				assertTrue(start > previous, record.range);
				previous = start;
			}
		}
	}

	@Test
	void aDrawnSeedShouldBePinnedBeforeResuming() throws Exception {
		try (CuttingProxy proxy = new CuttingProxy(url, 200_000, 1)) {
			GlorotClient client = GlorotClient.builder().baseUri(proxy.url()).build();
			Tensor tensor = client.weights(WeightsRequest.of(256, 512).name("drawn"));
			String retry = proxy.records.get(1).request;
			assertTrue(retry.contains("seed="), retry);
			String seed = retry.split("seed=")[1].split("[& ]")[0];
			assertArrayEquals(Server.fetch(url, "/v1/weights?shape=256,512&name=drawn&format=raw&seed=" + seed),
					GlorotClientIT.bytes(tensor));
		}
	}

	@Test
	void shouldGiveUpAfterTheRetriesWithoutProgress() throws Exception {
		try (CuttingProxy proxy = new CuttingProxy(url, 1, 100)) {
			GlorotClient client = GlorotClient.builder().baseUri(proxy.url()).retries(2).build();
			assertThrows(RuntimeException.class, () -> client.weights(WeightsRequest.of(64, 64).seed(1)));
			assertEquals(3, proxy.records.size());
		}
	}

	@Test
	void batchShouldBeSentAgainWholeAfterACut() throws Exception {
		try (CuttingProxy proxy = new CuttingProxy(url, 100_000, 1)) {
			GlorotClient client = GlorotClient.builder().baseUri(proxy.url()).build();
			Tensor a = client.batch(BatchRequest.of(BatchTensor.of("a", 256, 256), BatchTensor.of("b", 128, 64))
				.seed(4)).get("a");
			assertEquals(2, proxy.records.size());
			assertArrayEquals(Server.fetch(url, "/v1/weights?shape=256,256&seed=4&name=a&format=raw"),
					GlorotClientIT.bytes(a));
		}
	}

}
