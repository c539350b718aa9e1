package io.glorot.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.glorot.generator.torch.TorchCpu;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.WireEnum;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.RegionValues;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorGenerator;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueSource;

/**
 * The fixtures {@code scripts/make_compat_fixtures.py} wrote with the real PyTorch and NumPy, and helpers to build
 * the same tensors here.
 */
final class CompatFixtures {

	static final List<String> FILES = List.of("torch/torch-avx2.json", "torch/torch-default.json",
			"numpy/numpy-pcg64.json", "numpy/numpy-legacy.json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CompatFixtures() {
	}

	/** One recorded tensor. */
	record Case(String file, int index, TensorGenerator generator, long seed, String seedText, long[] shape,
			DType dtype, Distribution distribution, double gain, long stdBits, long boundBits, boolean exact,
			String sha256, long[] sampleIndices, long[] sampleBits) {

		TensorSpec spec() {
			return spec(Region.all(Shape.of(this.shape)));
		}

		TensorSpec spec(Region region) {
			return CompatFixtures.spec(this.generator, region, this.dtype, this.distribution, this.gain, this.seed);
		}

		@Override
		public String toString() {
			return this.file + "#" + this.index + " " + this.generator.version() + " seed=" + this.seedText
					+ " shape=" + Shape.of(this.shape).toCsv() + " " + this.dtype.id() + " "
					+ this.distribution.id() + " gain=" + this.gain;
		}

	}

	static TensorSpec spec(TensorGenerator generator, Region region, DType dtype, Distribution distribution,
			double gain, long seed) {
		Fans fans = Layout.TORCH.fans(region.fullShape().dims());
		XavierParameters parameters = generator.parameters(fans, Mode.FAN_AVG, gain);
		return new TensorSpec(region, dtype, distribution, Layout.TORCH, parameters, seed, null, generator);
	}

	static List<Case> load(String file) {
		try (InputStream in = CompatFixtures.class.getResourceAsStream(file)) {
			JsonNode root = JSON.readTree(in);
			List<Case> cases = new ArrayList<>();
			for (JsonNode node : root.get("cases")) {
				TensorGenerator generator = GeneratorChoice.valueOf(node.get("generator").asString().toUpperCase())
					.generator(node.has("torchCpu") ? TorchCpu.valueOf(node.get("torchCpu").asString().toUpperCase())
							: TorchCpu.AVX2);
				BigInteger seed = new BigInteger(node.get("seed").asString());
				JsonNode shapeNode = node.get("shape");
				long[] shape = new long[shapeNode.size()];
				for (int d = 0; d < shape.length; d++) {
					shape[d] = shapeNode.get(d).asLong();
				}
				JsonNode samples = node.get("samples");
				long[] indices = new long[samples.size()];
				long[] bits = new long[samples.size()];
				for (int s = 0; s < indices.length; s++) {
					indices[s] = samples.get(s).get(0).asLong();
					bits[s] = Long.parseUnsignedLong(samples.get(s).get(1).asString(), 16);
				}
				cases.add(new Case(file, node.get("case").asInt(), generator, seed.longValue(), seed.toString(), shape,
						WireEnum.find(DType.class, node.get("dtype").asString()).orElseThrow(),
						WireEnum.find(Distribution.class, node.get("distribution").asString()).orElseThrow(),
						node.get("gain").asDouble(), Long.parseUnsignedLong(node.get("std").asString(), 16),
						Long.parseUnsignedLong(node.get("bound").asString(), 16), node.get("exact").asBoolean(),
						node.get("sha256").asString(), indices, bits));
			}
			return cases;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SHA-256 of the region's little-endian bytes, read in chunks of {@code chunk} elements. */
	static String sha256(TensorSpec spec, ValueSource source, int chunk) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			RegionValues values = new RegionValues(spec, source);
			long total = spec.region().elementCount();
			byte[] bytes = new byte[chunk * spec.dtype().size()];
			for (long from = 0; from < total; from += chunk) {
				int count = (int) Math.min(chunk, total - from);
				values.bytes(from, count, bytes);
				digest.update(bytes, 0, count * spec.dtype().size());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The bits of every element of a region, float32 bits for float32 tensors. */
	static long[] bits(TensorSpec spec, ValueSource source) {
		int n = (int) spec.region().elementCount();
		RegionValues values = new RegionValues(spec, source);
		long[] bits = new long[n];
		if (spec.dtype() == DType.FLOAT64) {
			double[] d = new double[n];
			values.doubles(0, n, d);
			for (int i = 0; i < n; i++) {
				bits[i] = Double.doubleToRawLongBits(d[i]);
			}
		}
		else {
			float[] f = new float[n];
			values.floats(0, n, f);
			for (int i = 0; i < n; i++) {
				bits[i] = Float.floatToRawIntBits(f[i]) & 0xFFFFFFFFL;
			}
		}
		return bits;
	}

	/** The distance in units in the last place between two values of a dtype, given as bits. */
	static long ulps(long a, long b, DType dtype) {
		if (dtype == DType.FLOAT64) {
			return Math.abs(ordered(a) - ordered(b));
		}
		return Math.abs(ordered32((int) a) - ordered32((int) b));
	}

	private static long ordered(long bits) {
		return (bits < 0) ? Long.MIN_VALUE - bits : bits;
	}

	private static long ordered32(int bits) {
		return (bits < 0) ? (long) Integer.MIN_VALUE - bits : bits;
	}

}
