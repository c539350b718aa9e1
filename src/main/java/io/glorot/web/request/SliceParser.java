package io.glorot.web.request;

import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Parses the {@code slice} parameter: one {@code start:stop} per dimension, separated by commas, where either end
 * may be left out ({@code :} is the whole dimension, {@code 8:} runs to its end). Indices are non-negative and the
 * range must be a non-empty part of the dimension.
 */
final class SliceParser {

	static final String ALLOWED = "one start:stop per dimension, comma-separated, 0 <= start < stop <= size"
			+ " (either end may be left out), e.g. 0:512,:";

	private SliceParser() {
	}

	static Region parse(String text, Shape shape) {
		String[] parts = text.split(",", -1);
		if (parts.length != shape.rank()) {
			throw invalid("has " + parts.length + " ranges for a shape of " + shape.rank() + " dimensions", text);
		}
		long[] start = new long[parts.length];
		long[] stop = new long[parts.length];
		for (int d = 0; d < parts.length; d++) {
			String part = parts[d].strip();
			int colon = part.indexOf(':');
			if (colon < 0 || part.indexOf(':', colon + 1) >= 0) {
				throw invalid("has " + ApiProblem.quote(part) + " for dimension " + d + ", not start:stop", text);
			}
			start[d] = bound(part.substring(0, colon), 0, d, text);
			stop[d] = bound(part.substring(colon + 1), shape.dim(d), d, text);
			if (start[d] >= stop[d] || stop[d] > shape.dim(d)) {
				throw invalid("asks for " + start[d] + ":" + stop[d] + " of dimension " + d + ", which has size "
						+ shape.dim(d), text);
			}
		}
		return Region.of(shape, start, stop);
	}

	private static long bound(String text, long absent, int dimension, String whole) {
		String digits = text.strip();
		if (digits.isEmpty()) {
			return absent;
		}
		if (!digits.matches("[0-9]{1,19}")) {
			throw invalid("has " + ApiProblem.quote(text) + " in dimension " + dimension
					+ ", not a non-negative integer", whole);
		}
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			throw invalid("has " + ApiProblem.quote(text) + " in dimension " + dimension + ", too large", whole);
		}
	}

	private static ApiProblem invalid(String what, String text) {
		return new ApiProblem(ProblemType.INVALID_SLICE,
				"'slice' must be " + ALLOWED + "; " + ApiProblem.quote(text) + " " + what)
			.parameter("slice")
			.allowed(ALLOWED);
	}

}
