package io.glorot.format;

import java.util.EnumMap;
import java.util.Map;

import io.glorot.tensor.ValueWriter;

/**
 * The encoder of each single-tensor format, sharing one way of producing value bytes.
 */
public final class TensorEncoders {

	private final Map<TensorFormat, TensorEncoder> encoders = new EnumMap<>(TensorFormat.class);

	/**
	 * Makes the encoders.
	 * @param values how value bytes are produced and written
	 */
	public TensorEncoders(ValueWriter values) {
		this.encoders.put(TensorFormat.JSON, new JsonEncoder(values));
		this.encoders.put(TensorFormat.RAW, new RawEncoder(values));
		this.encoders.put(TensorFormat.NPY, new NpyEncoder(values));
		this.encoders.put(TensorFormat.SAFETENSORS, new SafetensorsEncoder(values));
	}

	/**
	 * Returns the encoder of a format.
	 * @param format the format
	 * @return its encoder
	 */
	public TensorEncoder of(TensorFormat format) {
		return this.encoders.get(format);
	}

}
