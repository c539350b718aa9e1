package io.glorot.web.weights;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an answer (RFC 9110 §14): {@code [first, last]}, inclusive, as in {@code Content-Range}.
 *
 * @param first the first byte
 * @param last the last byte
 * @param length the length of the whole answer
 */
record ByteRange(long first, long last, long length) {

	private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

	/**
	 * Reads a {@code Range} header. Only a single range is served; a header that asks for several, or that is not
	 * a bytes range, is ignored (the whole answer is sent), as RFC 9110 allows.
	 * @param header the header's value
	 * @param length the length of the whole answer
	 * @return the range, or empty to send the whole answer
	 * @throws RangeNotSatisfiableException if the range lies outside the answer
	 */
	static Optional<ByteRange> parse(String header, long length) {
		Matcher m = SINGLE.matcher(header);
		if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
			return Optional.empty();
		}
		if (m.group(1).isEmpty()) {
			long suffix = position(m.group(2));
			if (suffix == 0 || length == 0) {
				throw new RangeNotSatisfiableException(header, length);
			}
			return Optional.of(new ByteRange(Math.max(0, length - suffix), length - 1, length));
		}
		long first = position(m.group(1));
		long last = m.group(2).isEmpty() ? length - 1 : position(m.group(2));
		if (first >= length) {
			throw new RangeNotSatisfiableException(header, length);
		}
		if (last < first) {
			return Optional.empty();
		}
		return Optional.of(new ByteRange(first, Math.min(last, length - 1), length));
	}

	/** A byte position; one beyond a long is past the end of any answer, so it reads as the largest long. */
	private static long position(String digits) {
		return (digits.length() > 18) ? Long.MAX_VALUE : Long.parseLong(digits);
	}

	/**
	 * Returns the number of bytes in the range.
	 * @return {@code last - first + 1}
	 */
	long size() {
		return this.last - this.first + 1;
	}

	/**
	 * Returns the {@code Content-Range} value.
	 * @return e.g. {@code bytes 0-1023/4096}
	 */
	String contentRange() {
		return "bytes " + this.first + "-" + this.last + "/" + this.length;
	}

}
