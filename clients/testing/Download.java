import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.glorot.client.GlorotClient;
import io.glorot.client.Tensor;
import io.glorot.client.WeightsRequest;

/**
 * Downloads one float32 tensor with the Java client and prints the SHA-256 of its little-endian bytes.
 * Run: java -cp clients/java/target/classes clients/testing/Download.java ROWS COLS SEED NAME (URL: GLOROT_URL).
 */
public class Download {

	public static void main(String[] args) throws Exception {
		Tensor tensor = GlorotClient.create()
			.weights(WeightsRequest.of(Long.parseLong(args[0]), Long.parseLong(args[1])).seed(Long.parseLong(args[2]))
				.name(args[3]));
		ByteBuffer bytes = ByteBuffer.allocate(4 * tensor.size()).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(tensor.floats());
		System.out.println(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array())));
	}

}
