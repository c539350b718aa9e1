package io.glorot.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * HTTP/1.1 over a plain socket, for tests that need what {@code HttpClient} will not do: send bytes no client
 * would, stop reading mid-answer, or reset the connection.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private int status;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private RawHttp(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
	}

	/**
	 * Opens a connection with a small receive buffer, so that the server's writes block soon when it is not read.
	 * @param port the server's port
	 * @return the connection
	 * @throws IOException if it cannot connect
	 */
	static RawHttp open(int port) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8192);
		socket.setSoTimeout(30_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return new RawHttp(socket);
	}

	/**
	 * Sends a GET and reads the status line and headers, leaving the body unread.
	 * @param target the request target, e.g. {@code /v1/weights?shape=2,2}
	 * @return this connection
	 * @throws IOException if the exchange fails
	 */
	RawHttp get(String target) throws IOException {
		return send(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Sends bytes as they are and reads the status line and headers.
	 * @param request the raw request
	 * @return this connection
	 * @throws IOException if the exchange fails
	 */
	RawHttp send(byte[] request) throws IOException {
		this.socket.getOutputStream().write(request);
		this.socket.getOutputStream().flush();
		String statusLine = line();
		this.headers.clear();
		this.status = Integer.parseInt(statusLine.split(" ")[1]);
		for (String line = line(); !line.isEmpty(); line = line()) {
			int colon = line.indexOf(':');
			this.headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		return this;
	}

	int status() {
		return this.status;
	}

	String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * The names of the answer's headers, in lower case.
	 * @return the names
	 */
	java.util.Set<String> headerNames() {
		return this.headers.keySet();
	}

	/**
	 * Reads everything until the server closes the connection, raw (chunk sizes included); a reset ends it too.
	 * @return the bytes
	 * @throws IOException if reading fails otherwise
	 */
	byte[] readAll() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[65536];
		try {
			for (int n; (n = this.in.read(buffer)) >= 0;) {
				out.write(buffer, 0, n);
			}
		}
		catch (java.net.SocketException ex) {
			// a reset is one way a cut answer ends
		}
		return out.toByteArray();
	}

	/**
	 * Reads some of the body.
	 * @param count how many bytes at most
	 * @return the bytes read, fewer at the end of the stream
	 * @throws IOException if reading fails
	 */
	byte[] read(int count) throws IOException {
		return this.in.readNBytes(count);
	}

	/**
	 * Reads the body to its end (the server closes or the stream ends), counting the bytes.
	 * @return the number of bytes
	 * @throws IOException if reading fails, e.g. the connection is reset
	 */
	long drain() throws IOException {
		byte[] buffer = new byte[65536];
		long total = 0;
		for (int n; (n = this.in.read(buffer)) >= 0;) {
			total += n;
		}
		return total;
	}

	/**
	 * Reads exactly a number of bytes.
	 * @param count how many
	 * @return the bytes
	 * @throws IOException if the stream ends first
	 */
	byte[] readFully(long count) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[65536];
		long left = count;
		while (left > 0) {
			int n = this.in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (n < 0) {
				throw new IOException("the answer ended after " + (count - left) + " of " + count + " bytes");
			}
			out.write(buffer, 0, n);
			left -= n;
		}
		return out.toByteArray();
	}

	/**
	 * Reads the whole body, by its {@code Content-Length} or its chunks.
	 * @return the body as UTF-8 text
	 * @throws IOException if reading fails
	 */
	String body() throws IOException {
		String length = header("Content-Length");
		if (length != null) {
			return new String(readFully(Long.parseLong(length)), StandardCharsets.UTF_8);
		}
		if (!"chunked".equalsIgnoreCase(header("Transfer-Encoding"))) {
			return new String(this.in.readAllBytes(), StandardCharsets.UTF_8);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
			body.writeBytes(readFully(size));
			line();
		}
		// the empty line after the last chunk (no trailers), so that the connection can carry the next request
		line();
		return body.toString(StandardCharsets.UTF_8);
	}

	/** Closes with a reset (SO_LINGER 0), as a client that dies does. */
	void abort() {
		try {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("connection closed in the headers");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Tells whether nothing listens on a loopback port any more: a connection is refused (a timeout or another
	 * failure is no proof of that).
	 * @param port the port
	 * @return whether the connection was refused
	 */
	static boolean refused(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Waits, up to a bound, until a condition holds.
	 * @param seconds the bound
	 * @param condition the condition
	 * @return whether it held in time
	 */
	static boolean await(int seconds, BooleanSupplier condition) {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		while (System.nanoTime() < end) {
			if (condition.getAsBoolean()) {
				return true;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return condition.getAsBoolean();
	}

}
