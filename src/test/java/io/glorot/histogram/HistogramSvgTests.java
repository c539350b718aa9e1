package io.glorot.histogram;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.glorot.init.Distribution;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link HistogramSvg}, reading the SVG back with the JDK's XML parser.
 */
class HistogramSvgTests {

	private static final String SVG_NS = "http://www.w3.org/2000/svg";

	@ParameterizedTest
	@EnumSource(Distribution.class)
	void renderShouldBeWellFormedSvgWhoseBinsSumToTheCount(Distribution distribution) throws Exception {
		TensorSpec spec = TestTensors.spec(distribution, DType.FLOAT32, 42, null, 256, 512);
		Histogram histogram = WeightHistograms.of(spec, 50);
		Document svg = parse(HistogramSvg.render(spec, histogram, WeightDensity.of(distribution, spec.parameters())));
		Element root = svg.getDocumentElement();
		assertThat(root.getNamespaceURI()).isEqualTo(SVG_NS);
		assertThat(root.getLocalName()).isEqualTo("svg");
		List<Element> bins = byClass(svg, "rect", "bin");
		assertThat(bins).hasSize(50);
		long sum = bins.stream().mapToLong((bin) -> Long.parseLong(bin.getAttribute("data-count"))).sum();
		assertThat(sum + histogram.underflow() + histogram.overflow()).isEqualTo(131_072);
		if (distribution != Distribution.NORMAL) {
			// uniform and truncated normal values lie within the bound or cut, so the bins hold them all
			assertThat(sum).isEqualTo(131_072);
		}
	}

	@Test
	void renderShouldBeAccessibleWithTitleAndDescription() throws Exception {
		TensorSpec spec = TestTensors.spec(Distribution.UNIFORM, DType.FLOAT32, 42, null, 3, 4);
		Histogram histogram = WeightHistograms.of(spec, 10);
		Document svg = parse(HistogramSvg.render(spec, histogram, WeightDensity.of(Distribution.UNIFORM, spec.parameters())));
		Element root = svg.getDocumentElement();
		assertThat(root.getAttribute("role")).isEqualTo("img");
		assertThat(root.getAttribute("aria-labelledby")).isEqualTo("histogram-title histogram-desc");
		assertThat(text(svg, "title")).isEqualTo("uniform weights, shape 3\u00d74, float32, seed 42");
		assertThat(text(svg, "desc")).startsWith("Histogram of 12 uniform weights in 10 bins from -0.92582 to 0.92582")
			.contains("fanIn 4 \u00b7 fanOut 3 \u00b7 mode fan_avg \u00b7 layout torch \u00b7 gain 1 \u00b7 std 0.53452 \u00b7 bound 0.92582")
			.contains("values: count 12 \u00b7 mean 0.098624 \u00b7 std 0.43879 \u00b7 min -0.79022 \u00b7 max 0.90308");
	}

	@ParameterizedTest
	@EnumSource(Distribution.class)
	void renderShouldDrawTheDensityScaledToCountsAtTheCentre(Distribution distribution) throws Exception {
		TensorSpec spec = TestTensors.spec(distribution, DType.FLOAT32, 1, null, 100, 1000);
		Histogram histogram = WeightHistograms.of(spec, 40);
		WeightDensity density = WeightDensity.of(distribution, spec.parameters());
		Document svg = parse(HistogramSvg.render(spec, histogram, density));
		Element area = byClass(svg, "rect", "plot-area").get(0);
		double left = Double.parseDouble(area.getAttribute("x"));
		double top = Double.parseDouble(area.getAttribute("y"));
		double width = Double.parseDouble(area.getAttribute("width"));
		double height = Double.parseDouble(area.getAttribute("height"));
		double yMax = Double.parseDouble(area.getAttribute("data-y-max"));
		assertThat(Double.parseDouble(area.getAttribute("data-x-min"))).isEqualTo(density.low());
		assertThat(Double.parseDouble(area.getAttribute("data-x-max"))).isEqualTo(density.high());
		// the curve's point at value 0, the middle of the symmetric range
		double[] centre = null;
		for (String point : byClass(svg, "polyline", "density").get(0).getAttribute("points").split(" ")) {
			String[] xy = point.split(",");
			double x = Double.parseDouble(xy[0]);
			if (Math.abs(x - (left + width / 2)) < 0.01) {
				centre = new double[] { x, Double.parseDouble(xy[1]) };
			}
		}
		assertThat(centre).as("a curve point at the centre").isNotNull();
		// count x bin width x density(0), mapped to pixels; the SVG writes pixels to 0.01
		double expectedCount = 100_000 * histogram.binWidth() * density.at(0);
		double expectedY = top + height * (1 - expectedCount / yMax);
		assertThat(centre[1]).isCloseTo(expectedY, within(0.006));
		// and the bars agree with the curve: the two central bins are within 3% of the expected count
		long central = histogram.count(19) + histogram.count(20);
		assertThat((double) central).isCloseTo(2 * expectedCount, within(0.03 * 2 * expectedCount));
	}

	@Test
	void renderWhenNameHasMarkupShouldEscapeIt() throws Exception {
		String name = "<w&b> \"q\" 'a' \ud83d\ude00";
		Shape shape = Shape.of(16, 8);
		TensorSpec spec = TestTensors.spec(Region.of(shape, new long[] { 0, 0 }, new long[] { 8, 8 }),
				Distribution.TRUNCATED_NORMAL, DType.FLOAT16, 5, name);
		Histogram histogram = WeightHistograms.of(spec, 10);
		String rendered = HistogramSvg.render(spec, histogram,
				WeightDensity.of(Distribution.TRUNCATED_NORMAL, spec.parameters()));
		Document svg = parse(rendered);
		assertThat(text(svg, "desc")).contains("named \u201c" + name + "\u201d (slice 0:8,0:8)");
		assertThat(rendered).doesNotContain("<w&b>");
		List<Element> caption = byClass(svg, "g", "caption");
		assertThat(caption.get(0).getTextContent())
			.contains("slice 0:8,0:8 of shape 16\u00d78 \u00b7 name \u201c" + name + "\u201d");
	}

	@Test
	void xmlShouldEscapeMarkupAndReplaceCharactersXmlForbids() {
		assertThat(HistogramSvg.xml("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&quot;&apos;");
		assertThat(HistogramSvg.xml("x\u0001y\ufffez")).isEqualTo("x\ufffdy\ufffdz");
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		DocumentBuilder builder = factory.newDocumentBuilder();
		builder.setErrorHandler(null);
		return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

	private static List<Element> byClass(Document svg, String tag, String className) {
		NodeList nodes = svg.getElementsByTagNameNS(SVG_NS, tag);
		List<Element> found = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			Element element = (Element) nodes.item(i);
			if (element.getAttribute("class").equals(className)) {
				found.add(element);
			}
		}
		return found;
	}

	private static String text(Document svg, String tag) {
		return svg.getDocumentElement().getElementsByTagNameNS(SVG_NS, tag).item(0).getTextContent();
	}

}
