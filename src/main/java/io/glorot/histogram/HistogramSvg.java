package io.glorot.histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import io.glorot.init.XavierParameters;
import io.glorot.tensor.Region;
import io.glorot.tensor.TensorSpec;

/**
 * Draws a histogram of a tensor's values as a self-contained SVG document: one bar per bin, the theoretical
 * density scaled to counts ({@code count × binWidth × density(x)}) as a line over it, dashed marks at the bound or
 * cut and at {@code ±std}, and a caption with the parameters and the statistics of the values. Every text is
 * escaped, so the document is well-formed XML whatever the tensor's name holds.
 * <p>
 * For programs that read the picture back: the plot area is {@code <rect class="plot-area">} with
 * {@code data-x-min}, {@code data-x-max} and {@code data-y-max} (the value range and the count at its top edge);
 * each bar is a {@code <rect class="bin">} with {@code data-count}; the curve is
 * {@code <polyline class="density">}.
 */
public final class HistogramSvg {

	/** Width of the picture, in px. */
	static final int WIDTH = 800;

	/** Height of the picture without its caption, in px. */
	static final int HEIGHT_ABOVE_CAPTION = 400;

	/** Height of one caption line, in px. */
	static final int CAPTION_LINE = 20;

	static final int PLOT_LEFT = 70;

	static final int PLOT_TOP = 56;

	static final int PLOT_WIDTH = 700;

	static final int PLOT_HEIGHT = 300;

	/** Points on the density curve. */
	static final int CURVE_POINTS = 241;

	/** Longest name shown in the caption; the description holds all of it. */
	static final int MAX_CAPTION_NAME = 40;

	private static final String BAR_FILL = "#7aa6d6";

	private static final String CURVE_STROKE = "#c0392b";

	private static final String MARK_STROKE = "#444";

	private HistogramSvg() {
	}

	/**
	 * Draws a histogram.
	 * @param spec the tensor the values came from
	 * @param histogram the values, counted
	 * @param density the theoretical density, whose range the histogram spans
	 * @return the SVG document
	 */
	public static String render(TensorSpec spec, Histogram histogram, WeightDensity density) {
		double curvePeak = 0;
		double[] curve = new double[CURVE_POINTS];
		double scale = histogram.count() * histogram.binWidth();
		for (int i = 0; i < CURVE_POINTS; i++) {
			curve[i] = scale * density.at(curveX(histogram, i));
			curvePeak = Math.max(curvePeak, curve[i]);
		}
		double yMax = Math.max(1.0, 1.1 * Math.max(histogram.peak(), curvePeak));
		Plot plot = new Plot(histogram.low(), histogram.high(), yMax);
		StringBuilder svg = new StringBuilder(16384);
		String title = title(spec);
		List<String> caption = captionLines(spec, histogram);
		int height = HEIGHT_ABOVE_CAPTION + CAPTION_LINE * caption.size() + 10;
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ")
			.append(WIDTH)
			.append(' ')
			.append(height)
			.append("\" width=\"")
			.append(WIDTH)
			.append("\" height=\"")
			.append(height)
			.append("\" role=\"img\" aria-labelledby=\"histogram-title histogram-desc\"")
			.append(" font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"12\" fill=\"#222\">\n");
		svg.append("<title id=\"histogram-title\">").append(xml(title)).append("</title>\n");
		svg.append("<desc id=\"histogram-desc\">").append(xml(description(spec, histogram, density))).append("</desc>\n");
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
		svg.append("<text x=\"").append(PLOT_LEFT).append("\" y=\"26\" font-size=\"15\" font-weight=\"600\">")
			.append(xml(title))
			.append("</text>\n");
		svg.append("<rect class=\"plot-area\" x=\"").append(PLOT_LEFT).append("\" y=\"").append(PLOT_TOP)
			.append("\" width=\"").append(PLOT_WIDTH).append("\" height=\"").append(PLOT_HEIGHT)
			.append("\" fill=\"#f7f9fc\" stroke=\"#ccc\" data-x-min=\"").append(histogram.low())
			.append("\" data-x-max=\"").append(histogram.high())
			.append("\" data-y-max=\"").append(yMax).append("\"/>\n");
		yAxis(svg, plot);
		bins(svg, histogram, plot);
		curve(svg, histogram, curve, plot);
		marks(svg, density, plot);
		xAxis(svg, plot);
		caption(svg, caption);
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static double curveX(Histogram histogram, int i) {
		return histogram.low() + (histogram.high() - histogram.low()) * i / (CURVE_POINTS - 1);
	}

	private static void bins(StringBuilder svg, Histogram histogram, Plot plot) {
		svg.append("<g class=\"bins\" fill=\"").append(BAR_FILL).append("\" stroke=\"#fff\" stroke-width=\"0.5\">\n");
		for (int b = 0; b < histogram.bins(); b++) {
			long count = histogram.count(b);
			double left = plot.x(histogram.edge(b));
			double right = plot.x(histogram.edge(b + 1));
			double top = plot.y(count);
			svg.append("<rect class=\"bin\" x=\"").append(px(left)).append("\" y=\"").append(px(top))
				.append("\" width=\"").append(px(right - left)).append("\" height=\"")
				.append(px(PLOT_TOP + PLOT_HEIGHT - top)).append("\" data-count=\"").append(count)
				.append("\"><title>").append(xml("[" + Numbers.format(histogram.edge(b)) + ", "
						+ Numbers.format(histogram.edge(b + 1)) + "): " + count))
				.append("</title></rect>\n");
		}
		svg.append("</g>\n");
	}

	private static void curve(StringBuilder svg, Histogram histogram, double[] curve, Plot plot) {
		StringJoiner points = new StringJoiner(" ");
		for (int i = 0; i < curve.length; i++) {
			points.add(px(plot.x(curveX(histogram, i))) + "," + px(plot.y(curve[i])));
		}
		svg.append("<polyline class=\"density\" fill=\"none\" stroke=\"").append(CURVE_STROKE)
			.append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"").append(points).append("\"/>\n");
	}

	private static void marks(StringBuilder svg, WeightDensity density, Plot plot) {
		svg.append("<g class=\"marks\" font-size=\"11\">\n");
		List<WeightDensity.Mark> marks = density.marks();
		for (int i = 0; i < marks.size(); i++) {
			WeightDensity.Mark mark = marks.get(i);
			double x = plot.x(mark.x());
			// labels alternate between two rows so neighbours do not overlap; those at the edges stay inside
			int labelY = PLOT_TOP - ((i % 2 == 0) ? 18 : 5);
			double across = (x - PLOT_LEFT) / PLOT_WIDTH;
			String anchor = (across < 0.1) ? "start" : (across > 0.9) ? "end" : "middle";
			svg.append("<line class=\"mark\" x1=\"").append(px(x)).append("\" x2=\"").append(px(x))
				.append("\" y1=\"").append(PLOT_TOP).append("\" y2=\"").append(PLOT_TOP + PLOT_HEIGHT)
				.append("\" stroke=\"").append(MARK_STROKE).append("\" stroke-dasharray=\"5 4\" data-x=\"")
				.append(mark.x()).append("\"/>\n");
			svg.append("<text x=\"").append(px(x)).append("\" y=\"").append(labelY).append("\" text-anchor=\"")
				.append(anchor).append("\">")
				.append(xml(mark.label() + " = " + Numbers.format(mark.x())))
				.append("</text>\n");
		}
		svg.append("</g>\n");
	}

	private static void xAxis(StringBuilder svg, Plot plot) {
		double step = Numbers.niceStep(plot.xMax - plot.xMin, 8);
		svg.append("<g class=\"x-axis\" font-size=\"11\" text-anchor=\"middle\">\n");
		int bottom = PLOT_TOP + PLOT_HEIGHT;
		for (long k = (long) Math.ceil(plot.xMin / step); k * step <= plot.xMax; k++) {
			double x = plot.x(k * step);
			svg.append("<line x1=\"").append(px(x)).append("\" x2=\"").append(px(x)).append("\" y1=\"")
				.append(bottom).append("\" y2=\"").append(bottom + 5).append("\" stroke=\"#666\"/>");
			svg.append("<text x=\"").append(px(x)).append("\" y=\"").append(bottom + 18).append("\">")
				.append(xml(Numbers.format(k * step)))
				.append("</text>\n");
		}
		svg.append("<text x=\"").append(PLOT_LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(bottom + 36)
			.append("\" font-size=\"12\">value</text>\n");
		svg.append("</g>\n");
	}

	private static void yAxis(StringBuilder svg, Plot plot) {
		double step = Math.max(1.0, Numbers.niceStep(plot.yMax, 5));
		svg.append("<g class=\"y-axis\" font-size=\"11\" text-anchor=\"end\">\n");
		for (long k = 0; k * step <= plot.yMax; k++) {
			double y = plot.y(k * step);
			svg.append("<line x1=\"").append(PLOT_LEFT).append("\" x2=\"").append(PLOT_LEFT + PLOT_WIDTH)
				.append("\" y1=\"").append(px(y)).append("\" y2=\"").append(px(y))
				.append("\" stroke=\"#e3e7ee\"/>");
			svg.append("<text x=\"").append(PLOT_LEFT - 6).append("\" y=\"").append(px(y + 4)).append("\">")
				.append(xml(Numbers.format(k * step)))
				.append("</text>\n");
		}
		svg.append("<text transform=\"translate(18 ").append(PLOT_TOP + PLOT_HEIGHT / 2)
			.append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">count</text>\n");
		svg.append("</g>\n");
	}

	private static List<String> captionLines(TensorSpec spec, Histogram histogram) {
		List<String> lines = new ArrayList<>();
		String source = sourceLine(spec);
		if (!source.isEmpty()) {
			lines.add(source);
		}
		lines.add(parameterLine(spec));
		lines.add(statisticsLine(histogram));
		lines.add("bars: counts in " + histogram.bins() + " bins of width " + Numbers.format(histogram.binWidth())
				+ "; line: theoretical density \u00d7 count \u00d7 bin width; dashed: the marks named above");
		return lines;
	}

	private static void caption(StringBuilder svg, List<String> lines) {
		svg.append("<g class=\"caption\" font-size=\"12\">\n");
		int y = HEIGHT_ABOVE_CAPTION + CAPTION_LINE - 4;
		for (String line : lines) {
			svg.append("<text x=\"").append(PLOT_LEFT - 50).append("\" y=\"").append(y).append("\">")
				.append(xml(line))
				.append("</text>\n");
			y += CAPTION_LINE;
		}
		svg.append("</g>\n");
	}

	/** The parameters: fans, mode, layout, gain, std and the bound or cut. */
	static String parameterLine(TensorSpec spec) {
		XavierParameters p = spec.parameters();
		StringBuilder line = new StringBuilder();
		line.append("fanIn ").append(p.fans().fanIn()).append(" \u00b7 fanOut ").append(p.fans().fanOut());
		line.append(" \u00b7 mode ").append(p.mode().id()).append(" \u00b7 layout ").append(spec.layout().id());
		line.append(" \u00b7 gain ").append(Numbers.format(p.gain())).append(" \u00b7 std ")
			.append(Numbers.format(p.std()));
		switch (spec.distribution()) {
			case UNIFORM -> line.append(" \u00b7 bound ").append(Numbers.format(p.bound()));
			case TRUNCATED_NORMAL -> line.append(" \u00b7 cut \u00b1").append(Numbers.format(p.truncationBound()));
			case NORMAL -> {
			}
		}
		return line.toString();
	}

	/** The statistics of the values. */
	static String statisticsLine(Histogram histogram) {
		String line = "values: count " + histogram.count() + " \u00b7 mean " + Numbers.format(histogram.mean())
				+ " \u00b7 std " + Numbers.format(histogram.std()) + " \u00b7 min " + Numbers.format(histogram.min())
				+ " \u00b7 max " + Numbers.format(histogram.max());
		if (histogram.underflow() > 0 || histogram.overflow() > 0) {
			line += " \u00b7 outside the range: " + histogram.underflow() + " below, " + histogram.overflow()
					+ " above";
		}
		return line;
	}

	/** The headline: distribution, shape, dtype, seed. */
	static String title(TensorSpec spec) {
		return spec.distribution().id() + " weights, shape " + times(spec.region().shape().dims()) + ", "
				+ spec.dtype().id() + ", seed " + spec.seedText();
	}

	/** Where the values came from, when a slice or a name says more than the title: empty otherwise. */
	static String sourceLine(TensorSpec spec) {
		Region region = spec.region();
		List<String> parts = new ArrayList<>();
		if (region.isSlice()) {
			parts.add("slice " + region.toSliceString() + " of shape " + times(region.fullShape().dims()));
		}
		if (spec.name() != null) {
			String name = spec.name();
			if (name.codePointCount(0, name.length()) > MAX_CAPTION_NAME) {
				name = name.substring(0, name.offsetByCodePoints(0, MAX_CAPTION_NAME)) + "\u2026";
			}
			parts.add("name \u201c" + name + "\u201d");
		}
		return String.join(" \u00b7 ", parts);
	}

	private static String description(TensorSpec spec, Histogram histogram, WeightDensity density) {
		return "Histogram of " + histogram.count() + " " + spec.distribution().id() + " weights"
				+ ((spec.name() != null) ? " named \u201c" + spec.name() + "\u201d" : "")
				+ (spec.region().isSlice() ? " (slice " + spec.region().toSliceString() + ")" : "") + " in " + histogram.bins()
				+ " bins from " + Numbers.format(histogram.low()) + " to " + Numbers.format(histogram.high())
				+ ", with the theoretical density drawn over it. " + parameterLine(spec) + ". "
				+ statisticsLine(histogram) + ".";
	}

	private static String times(long[] dims) {
		StringJoiner joiner = new StringJoiner("\u00d7");
		for (long dim : dims) {
			joiner.add(Long.toString(dim));
		}
		return joiner.toString();
	}

	/** Writes a pixel coordinate with two decimals. */
	static String px(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * Escapes text for XML content and attribute values, dropping characters XML 1.0 does not allow.
	 * @param text any text
	 * @return the escaped text
	 */
	static String xml(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		text.codePoints().forEach((cp) -> {
			switch (cp) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&apos;");
				default -> {
					if (isXmlChar(cp)) {
						escaped.appendCodePoint(cp);
					}
					else {
						escaped.append('\ufffd');
					}
				}
			}
		});
		return escaped.toString();
	}

	private static boolean isXmlChar(int cp) {
		return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
				|| (cp >= 0x10000 && cp <= 0x10FFFF);
	}

	/**
	 * Maps values and counts to pixels.
	 */
	private record Plot(double xMin, double xMax, double yMax) {

		double x(double value) {
			return PLOT_LEFT + PLOT_WIDTH * (value - this.xMin) / (this.xMax - this.xMin);
		}

		double y(double count) {
			return PLOT_TOP + PLOT_HEIGHT * (1 - count / this.yMax);
		}

	}

}
