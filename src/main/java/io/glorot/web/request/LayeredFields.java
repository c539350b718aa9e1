package io.glorot.web.request;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.glorot.web.problem.ProblemType;

/**
 * One tensor's fields in a batch: its own fields over the batch's defaults over the batch-wide fields (the seed).
 * A field comes from the first layer that has it, with one exception: a tensor's own {@code gain} or
 * {@code nonlinearity} replaces the defaults' whole gain choice, so the defaults' {@code gain},
 * {@code nonlinearity} and {@code negativeSlope} are then hidden.
 */
public final class LayeredFields implements RequestFields {

	/** The fields that together choose the gain. */
	static final List<String> GAIN_FIELDS = List.of("gain", "nonlinearity", "negativeSlope");

	private final List<Layer> layers;

	/**
	 * Layers fields, first over last.
	 * @param layers the layers, each with the prefix its fields are reported under
	 */
	LayeredFields(List<Layer> layers) {
		this.layers = layers;
	}

	/**
	 * Builds a batch tensor's view.
	 * @param tensor the tensor's own fields
	 * @param defaults the batch's defaults
	 * @param batch the batch-wide fields
	 * @return the view
	 */
	public static LayeredFields of(Layer tensor, Layer defaults, Layer batch) {
		boolean ownGain = tensor.fields().names().contains("gain")
				|| tensor.fields().names().contains("nonlinearity");
		Layer visibleDefaults = ownGain ? defaults.hiding(GAIN_FIELDS) : defaults;
		return new LayeredFields(List.of(tensor, visibleDefaults, batch));
	}

	@Override
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		for (Layer layer : this.layers) {
			names.addAll(layer.names());
		}
		return names;
	}

	/**
	 * Returns the full name a field is reported under: its layer's prefix and its name.
	 * @param name the field
	 * @return e.g. {@code tensors[3].shape} or {@code defaults.dtype}; the bare name when no layer has it
	 */
	public String qualified(String name) {
		return layer(name).map((layer) -> layer.prefix() + name).orElse(name);
	}

	private Optional<Layer> layer(String name) {
		return this.layers.stream().filter((layer) -> layer.names().contains(name)).findFirst();
	}

	@Override
	public Optional<String> text(String name) {
		return layer(name).flatMap((layer) -> layer.fields().text(name));
	}

	@Override
	public Optional<BigInteger> integer(String name, ProblemType problem, String allowed) {
		return layer(name).flatMap((layer) -> layer.fields().integer(name, problem, allowed));
	}

	@Override
	public Optional<List<BigInteger>> integers(String name, ProblemType problem, String allowed) {
		return layer(name).flatMap((layer) -> layer.fields().integers(name, problem, allowed));
	}

	@Override
	public Optional<Double> number(String name, String allowed) {
		return layer(name).flatMap((layer) -> layer.fields().number(name, allowed));
	}

	/**
	 * One layer of fields.
	 *
	 * @param fields the fields
	 * @param prefix what their names are reported under, e.g. {@code defaults.}
	 * @param hidden names this layer does not show
	 */
	public record Layer(RequestFields fields, String prefix, Set<String> hidden) {

		public Layer(RequestFields fields, String prefix) {
			this(fields, prefix, Set.of());
		}

		public Set<String> names() {
			Set<String> names = new LinkedHashSet<>(this.fields.names());
			names.removeAll(this.hidden);
			return names;
		}

		Layer hiding(List<String> names) {
			return new Layer(this.fields, this.prefix, Set.copyOf(names));
		}

	}

}
