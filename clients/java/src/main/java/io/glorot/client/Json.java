package io.glorot.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the client, so it needs no library: writes maps, lists, arrays, strings, numbers and
 * booleans; reads any JSON text into {@code Map} (insertion-ordered), {@code List}, {@code String},
 * {@code BigInteger}/{@code BigDecimal}, {@code Boolean} and {@code null}.
 */
final class Json {

	private final String text;

	private int pos;

	private Json(String text) {
		this.text = text;
	}

	static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String string) {
			quote(string, out);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
				throw new IllegalArgumentException("JSON has no " + value);
			}
			out.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append(first ? "" : ",");
				first = false;
				quote(String.valueOf(entry.getKey()), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof Iterable<?> list) {
			out.append('[');
			boolean first = true;
			for (Object element : list) {
				out.append(first ? "" : ",");
				first = false;
				write(element, out);
			}
			out.append(']');
		}
		else if (value instanceof long[] longs) {
			List<Long> boxed = new ArrayList<>();
			for (long l : longs) {
				boxed.add(l);
			}
			write(boxed, out);
		}
		else if (value instanceof int[] ints) {
			List<Integer> boxed = new ArrayList<>();
			for (int i : ints) {
				boxed.add(i);
			}
			write(boxed, out);
		}
		else {
			throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
		}
	}

	private static void quote(String string, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < string.length(); i++) {
			char c = string.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	static Object read(String text) {
		Json json = new Json(text);
		Object value = json.value();
		json.space();
		if (json.pos != text.length()) {
			throw json.error("trailing text");
		}
		return value;
	}

	private Object value() {
		space();
		if (this.pos >= this.text.length()) {
			throw error("unexpected end");
		}
		char c = this.text.charAt(this.pos);
		switch (c) {
			case '{':
				return object();
			case '[':
				return array();
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Map<String, Object> object() {
		Map<String, Object> map = new LinkedHashMap<>();
		this.pos++;
		space();
		if (peek() == '}') {
			this.pos++;
			return map;
		}
		while (true) {
			space();
			String key = string();
			space();
			expect(':');
			map.put(key, value());
			space();
			if (peek() == ',') {
				this.pos++;
				continue;
			}
			expect('}');
			return map;
		}
	}

	private List<Object> array() {
		List<Object> list = new ArrayList<>();
		this.pos++;
		space();
		if (peek() == ']') {
			this.pos++;
			return list;
		}
		while (true) {
			list.add(value());
			space();
			if (peek() == ',') {
				this.pos++;
				continue;
			}
			expect(']');
			return list;
		}
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			if (this.pos >= this.text.length()) {
				throw error("unterminated string");
			}
			char c = this.text.charAt(this.pos++);
			if (c == '"') {
				return out.toString();
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char e = this.text.charAt(this.pos++);
			switch (e) {
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> {
					out.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
					this.pos += 4;
				}
				default -> out.append(e);
			}
		}
	}

	private Object number() {
		int start = this.pos;
		while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		String number = this.text.substring(start, this.pos);
		if (number.isEmpty()) {
			throw error("unexpected character");
		}
		return (number.contains(".") || number.contains("e") || number.contains("E")) ? new BigDecimal(number)
				: new BigInteger(number);
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error("unexpected literal");
		}
		this.pos += word.length();
		return value;
	}

	private char peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : '\0';
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("expected '" + c + "'");
		}
		this.pos++;
	}

	private void space() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("malformed JSON at " + this.pos + ": " + what);
	}

}
