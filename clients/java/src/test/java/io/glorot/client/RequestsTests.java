package io.glorot.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The typed requests' wire forms, without a server: every field spelled as the API spells it.
 */
class RequestsTests {

	@Test
	void weightsRequestShouldCarryEveryFieldInTheQuery() {
		WeightsRequest request = WeightsRequest.of(64, 3, 7, 7)
			.seed(-1L)
			.name("conv 1/weight")
			.distribution(Distribution.TRUNCATED_NORMAL)
			.nonlinearity(Nonlinearity.LEAKY_RELU)
			.negativeSlope(0.2)
			.mode(Mode.FAN_IN)
			.layout(Layout.TORCH)
			.fanIn(10)
			.fanOut(20)
			.dtype(DType.BFLOAT16)
			.slice("0:32,:,:,:")
			.generator(Generator.TORCH)
			.torchCpu(TorchCpu.DEFAULT);
		assertEquals("shape=64%2C3%2C7%2C7&format=raw&seed=18446744073709551615&name=conv+1%2Fweight"
				+ "&distribution=truncated_normal&nonlinearity=leaky_relu&negativeSlope=0.2&mode=fan_in&layout=torch"
				+ "&fanIn=10&fanOut=20&dtype=bfloat16&slice=0%3A32%2C%3A%2C%3A%2C%3A&generator=torch&torchCpu=default",
				request.query(Map.of()));
		assertEquals("shape=2&format=safetensors&gain=0.5",
				WeightsRequest.of(2).gain(0.5).format(Format.SAFETENSORS).query(Map.of()));
		assertEquals("shape=2&format=raw&name=w&seed=7",
				WeightsRequest.of(2).name("w").query(Map.of("seed", "7")), "a drawn seed pinned for a resume");
		assertThrows(IllegalArgumentException.class, WeightsRequest::of);
	}

	@Test
	void batchRequestShouldWriteTheJsonBody() {
		BatchRequest request = BatchRequest
			.of(List.of(BatchTensor.of("fc1.weight", 128, 784),
					BatchTensor.of("b", 10).layout(Layout.KERAS).gain(0.5).dtype(DType.FLOAT64),
					BatchTensor.of("t", 4, 4).generator(Generator.NUMPY).slice("0:2,:")))
			.seed(42)
			.defaults(BatchDefaults.create().nonlinearity(Nonlinearity.RELU).torchCpu(TorchCpu.AVX2));
		assertEquals("{\"seed\":\"42\",\"defaults\":{\"nonlinearity\":\"relu\",\"torchCpu\":\"avx2\"},\"tensors\":["
				+ "{\"name\":\"fc1.weight\",\"shape\":[128,784]},"
				+ "{\"name\":\"b\",\"shape\":[10],\"layout\":\"keras\",\"gain\":0.5,\"dtype\":\"float64\"},"
				+ "{\"name\":\"t\",\"shape\":[4,4],\"generator\":\"numpy\",\"slice\":\"0:2,:\"}],"
				+ "\"format\":\"safetensors\"}", request.json());
		assertEquals("{\"tensors\":[{\"name\":\"a\",\"shape\":[1,1]}],\"format\":\"safetensors\"}",
				BatchRequest.of(BatchTensor.of("a", 1, 1)).json());
		assertThrows(IllegalArgumentException.class, () -> BatchRequest.of(List.of()));
	}

	@Test
	void builderShouldRefuseNonsense() {
		assertThrows(IllegalArgumentException.class,
				() -> GlorotClient.builder().timeout(java.time.Duration.ZERO));
		assertThrows(IllegalArgumentException.class, () -> GlorotClient.builder().retries(-1));
		assertEquals(java.net.URI.create("http://h:1"), GlorotClient.builder().baseUri("http://h:1/").build().baseUri());
	}

}
