package io.glorot.format;

import java.util.EnumMap;
import java.util.Map;

/**
 * The encoder of each format.
 */
public final class TensorEncoders {

	private static final Map<TensorFormat, TensorEncoder> ENCODERS = new EnumMap<>(Map.of(TensorFormat.JSON,
			new JsonEncoder(), TensorFormat.RAW, new RawEncoder(), TensorFormat.NPY, new NpyEncoder(),
			TensorFormat.SAFETENSORS, new SafetensorsEncoder()));

	private TensorEncoders() {
	}

	/**
	 * Returns the encoder of a format.
	 * @param format the format
	 * @return its encoder
	 */
	public static TensorEncoder of(TensorFormat format) {
		return ENCODERS.get(format);
	}

}
