package io.glorot.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback proxy in front of the server that cuts its first {@code cuts} connections after {@code cutAfter}
 * bytes of the answer, recording each connection's request line and Range headers and the answer's status line.
 */
final class CuttingProxy implements AutoCloseable {

	/** One connection through the proxy. */
	static final class Record {

		volatile String request = "";

		volatile String range = "";

		volatile String ifRange = "";

		volatile String status = "";

	}

	final List<Record> records = new CopyOnWriteArrayList<>();

	private final ServerSocket server;

	private final URI target;

	private final long cutAfter;

	private final int cuts;

	CuttingProxy(String target, long cutAfter, int cuts) throws IOException {
		this.target = URI.create(target);
		this.cutAfter = cutAfter;
		this.cuts = cuts;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Record record = new Record();
				this.records.add(record);
				long cut = (this.records.size() <= this.cuts) ? this.cutAfter : 0;
				Thread.ofVirtual().start(() -> serve(client, record, cut));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client, Record record, long cut) {
		try (client; Socket upstream = new Socket(this.target.getHost(), this.target.getPort())) {
			Thread.ofVirtual().start(() -> upload(client, upstream, record));
			InputStream in = upstream.getInputStream();
			OutputStream out = client.getOutputStream();
			byte[] buffer = new byte[65536];
			long sent = 0;
			for (int n; (n = in.read(buffer)) > 0;) {
				if (record.status.isEmpty()) {
					record.status = new String(buffer, 0, n, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
				}
				if (cut > 0 && sent + n >= cut) {
					out.write(buffer, 0, (int) (cut - sent));
					out.flush();
					return; // closes both sockets mid-answer
				}
				out.write(buffer, 0, n);
				sent += n;
			}
		}
		catch (IOException ex) {
			// the client or the server went away: nothing to forward
		}
	}

	private void upload(Socket client, Socket upstream, Record record) {
		try {
			InputStream in = client.getInputStream();
			OutputStream out = upstream.getOutputStream();
			byte[] buffer = new byte[65536];
			boolean first = true;
			for (int n; (n = in.read(buffer)) > 0;) {
				if (first) {
					first = false;
					String[] lines = new String(buffer, 0, n, StandardCharsets.ISO_8859_1).split("\r\n");
					record.request = lines[0];
					for (String line : lines) {
						String lower = line.toLowerCase(java.util.Locale.ROOT);
						if (lower.startsWith("range:")) {
							record.range = line.substring(6).trim();
						}
						else if (lower.startsWith("if-range:")) {
							record.ifRange = line.substring(9).trim();
						}
					}
				}
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// closed by serve()
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
