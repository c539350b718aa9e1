import java.util.Map;

import io.glorot.client.GlorotClient;
import io.glorot.client.Tensor;

/** Run: java -cp target/classes examples/Quickstart.java (URL: GLOROT_URL, else http://localhost:8080). */
public class Quickstart {

	public static void main(String[] args) {
		GlorotClient glorot = GlorotClient.create();
		Tensor w = glorot.weights(new long[] { 256, 512 }, Map.of("seed", 42, "name", "fc.weight", "nonlinearity", "relu"));
		Map<String, Tensor> model = glorot.batch(42L, Map.of("nonlinearity", "relu"),
				Map.of("fc1.weight", new long[] { 128, 784 }, "fc2.weight", new long[] { 10, 128 }));
		System.out.println(w + " " + w.floats().length + " floats; " + model);
		if (w.floats().length != 256 * 512 || model.get("fc1.weight").floats().length != 128 * 784) System.exit(1);
	}

}
