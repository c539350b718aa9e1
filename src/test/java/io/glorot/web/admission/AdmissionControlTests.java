package io.glorot.web.admission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.web.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The admission lanes without a server: slots, the element bound, the small lane, releases, and the timeout count.
 */
class AdmissionControlTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AdmissionControl admission = new AdmissionControl(
			new AdmissionProperties(2, 1000, 10, 1, Duration.ofMillis(1500)), this.registry);

	@AfterEach
	void stop() {
		this.admission.destroy();
	}

	@Test
	void largeLaneShouldRefuseTheThirdGenerationWith503AndRetryAfter() {
		this.admission.admit(new MockHttpServletRequest(), 100);
		this.admission.admit(new MockHttpServletRequest(), 100);
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.admission.admit(new MockHttpServletRequest(), 100))
			.satisfies((problem) -> {
				assertThat(problem.getStatusCode().value()).isEqualTo(503);
				assertThat(problem.getBody().getType().toString()).isEqualTo("urn:glorot:problem:overloaded");
				// 1.5 s rounds up to 2
				assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("2");
			});
		assertThat(this.registry.get("glorot.admission.rejected").tag("lane", "large").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isEqualTo(2);
	}

	@Test
	void elementBoundShouldRefuseWhatWouldPassItButAdmitOneLargeAnswerAlone() {
		GenerationLanes.Permit big = this.admission.admit(new MockHttpServletRequest(), 5000);
		assertThat(this.registry.get("glorot.admission.elements").gauge().value()).isEqualTo(5000);
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.admission.admit(new MockHttpServletRequest(), 11));
		big.close();
		GenerationLanes.Permit first = this.admission.admit(new MockHttpServletRequest(), 600);
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.admission.admit(new MockHttpServletRequest(), 401));
		this.admission.admit(new MockHttpServletRequest(), 400).close();
		first.close();
		assertThat(this.registry.get("glorot.admission.elements").gauge().value()).isZero();
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isZero();
	}

	@Test
	void smallLaneShouldBeIndependentOfTheLargeOne() {
		this.admission.admit(new MockHttpServletRequest(), 100);
		this.admission.admit(new MockHttpServletRequest(), 100);
		GenerationLanes.Permit small = this.admission.admit(new MockHttpServletRequest(), 10);
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.admission.admit(new MockHttpServletRequest(), 1))
			.satisfies((problem) -> assertThat(problem.getBody().getProperties()).containsEntry("lane", "small"));
		small.close();
		this.admission.admit(new MockHttpServletRequest(), 1);
	}

	@Test
	void releasingTwiceShouldReleaseOnce() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		GenerationLanes.Permit permit = this.admission.admit(request, 100);
		permit.close();
		AdmissionControl.release(request);
		permit.close();
		this.admission.admit(new MockHttpServletRequest(), 100);
		this.admission.admit(new MockHttpServletRequest(), 100);
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> this.admission.admit(new MockHttpServletRequest(), 100));
	}

	@Test
	void guardedBodyShouldReleaseWhenItFailsAndCountATimeoutOnce() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		StreamingResponseBody body = this.admission.guard(request, 100, (out) -> {
			out.write(new byte[10], 0, 10);
			out.write(1);
		});
		OutputStream stalled = new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				throw new IOException("client gone", new SocketTimeoutException());
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				write(0);
			}

		};
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> body.writeTo(stalled));
		assertThat(this.registry.get("glorot.responses.timed-out").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isZero();
	}

	@Test
	void largeComputationShouldRunOnAPlatformThreadAndRelease() {
		String small = this.admission.compute(new MockHttpServletRequest(), 5,
				() -> String.valueOf(Thread.currentThread().getName()));
		assertThat(small).isEqualTo(Thread.currentThread().getName());
		String large = this.admission.compute(new MockHttpServletRequest(), 100, () -> {
			assertThat(Thread.currentThread().isVirtual()).isFalse();
			return Thread.currentThread().getName();
		});
		assertThat(large).startsWith("glorot-large-");
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isZero();
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> this.admission
			.compute(new MockHttpServletRequest(), 100, () -> {
				throw new ArithmeticException("failed on the platform thread");
			}));
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isZero();
	}

	@Test
	void guardedBodyShouldPassEveryByteAndReleaseWhenDone() throws IOException {
		StreamingResponseBody body = this.admission.guard(new MockHttpServletRequest(), 100,
				(out) -> out.write(new byte[] { 1, 2, 3 }));
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isEqualTo(1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		body.writeTo(out);
		assertThat(out.toByteArray()).containsExactly(1, 2, 3);
		assertThat(this.registry.get("glorot.admission.generations").tag("lane", "large").gauge().value()).isZero();
		assertThat(this.registry.get("glorot.responses.timed-out").counter().count()).isZero();
	}

}
