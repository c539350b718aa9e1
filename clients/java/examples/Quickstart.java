import java.util.List;
import java.util.Map;

import io.glorot.client.BatchDefaults;
import io.glorot.client.BatchTensor;
import io.glorot.client.GlorotClient;
import io.glorot.client.Nonlinearity;
import io.glorot.client.Tensor;
import io.glorot.client.WeightsRequest;

/** Run: java -cp target/classes examples/Quickstart.java (URL: GLOROT_URL, else http://localhost:8080). */
public class Quickstart {

	public static void main(String[] args) {
		GlorotClient glorot = GlorotClient.builder().timeout(java.time.Duration.ofSeconds(30)).build(); // GLOROT_URL
		Tensor w = glorot.weights(WeightsRequest.of(256, 512).seed(42).name("fc.weight").nonlinearity(Nonlinearity.RELU));
		Map<String, Tensor> model = glorot.batch(42, BatchDefaults.create().nonlinearity(Nonlinearity.RELU),
				List.of(BatchTensor.of("fc1.weight", 128, 784), BatchTensor.of("fc2.weight", 10, 128)));
		System.out.println(w + " " + w.floats().length + " floats; " + model);
		if (w.floats().length != 256 * 512 || model.get("fc1.weight").floats().length != 128 * 784) System.exit(1);
	}

}
