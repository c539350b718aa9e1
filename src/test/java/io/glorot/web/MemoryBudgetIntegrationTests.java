package io.glorot.web;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory-bounded admission (issue 16) with real stalled readers: a 12 MiB budget (large answers may hold 9 MiB of
 * it) admits one 1024x1024 float32 stream (5 chunks of 1 MiB held, plus 64 KiB) but not two, three float16 streams
 * (half the bytes each) but not four; the refusal is 503 overloaded with lane "memory"; the budget and its use are
 * meters, and the use returns to zero when the readers go.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "glorot.admission.memory.budget=12MB", "server.tomcat.connection-timeout=20s" })
class MemoryBudgetIntegrationTests {

	private static final long MIB = 1 << 20;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void streamsShouldBeAdmittedOnlyWhileTheirBuffersFitTheBudget() throws Exception {
		assertThat(gauge("glorot.admission.memory.budget")).isEqualTo(12.0 * MIB);
		assertThat(admitted("float32")).isEqualTo(1);
		assertThat(RawHttp.await(20, () -> gauge("glorot.admission.memory.used") == 0)).isTrue();
		assertThat(admitted("float16")).isEqualTo(3);
		assertThat(RawHttp.await(20, () -> gauge("glorot.admission.memory.used") == 0)).isTrue();
	}

	/** Opens stalled readers until one is refused; returns how many were admitted, then lets them all go. */
	private int admitted(String dtype) throws Exception {
		double rejectedBefore = rejected();
		List<RawHttp> readers = new ArrayList<>();
		try {
			for (int seed = 0; seed < 8; seed++) {
				RawHttp reader = RawHttp.open(this.port)
					.get("/v1/weights?shape=1024,1024&format=raw&dtype=" + dtype + "&seed=" + seed);
				readers.add(reader);
				if (reader.status() == 503) {
					assertThat(reader.body()).contains("\"lane\":\"memory\"");
					assertThat(rejected()).isEqualTo(rejectedBefore + 1);
					int admitted = readers.size() - 1;
					long each = 64 * 1024 + 5 * 262144 * (dtype.equals("float32") ? 4L : 2L);
					assertThat(gauge("glorot.admission.memory.used")).isEqualTo((double) admitted * each);
					return admitted;
				}
				assertThat(reader.status()).isEqualTo(200);
			}
			throw new AssertionError("no stream was refused");
		}
		finally {
			readers.forEach(RawHttp::abort);
		}
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double rejected() {
		return this.registry.get("glorot.admission.rejected").tag("lane", "memory").counter().count();
	}

}
