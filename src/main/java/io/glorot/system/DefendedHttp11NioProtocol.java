package io.glorot.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

import io.glorot.web.problem.TransportFailures;

/**
 * Tomcat's HTTP/1.1 NIO connector with two defences against slow and idle clients it lacks (docs/reliability.md,
 * "Connections"): a deadline for a request's whole head (Tomcat's own timeout restarts with every byte, so a client
 * that sends one byte every few seconds holds its connection for ever), and a cap on the connections one client
 * address may hold. A watchdog looks at every connection once a second: one whose request head has been arriving
 * for longer than {@code glorot.connections.header-timeout} is closed the way Tomcat closes one that timed out. The
 * acceptor refuses (closes at once) a connection whose address already holds {@code glorot.connections.max-per-client};
 * the count per address goes up at accept and down at close. Spring Boot names this class as the connector's protocol.
 */
public class DefendedHttp11NioProtocol extends Http11NioProtocol {

	private final DefendedEndpoint defended;

	private volatile Duration headerTimeout = Duration.ofSeconds(10);

	private volatile TransportFailures failures;

	private ScheduledExecutorService watchdog;

	/** A connector; {@link #defend} configures it. */
	public DefendedHttp11NioProtocol() {
		this(new DefendedEndpoint());
	}

	private DefendedHttp11NioProtocol(DefendedEndpoint endpoint) {
		super(endpoint);
		this.defended = endpoint;
	}

	/**
	 * Sets the defences.
	 * @param headerTimeout the longest a request's head may take to arrive; zero or less turns the deadline off
	 * @param maxPerClient the most connections one client address may hold; 0 turns the cap off
	 * @param failures where cut and refused connections are counted
	 */
	void defend(Duration headerTimeout, int maxPerClient, TransportFailures failures) {
		this.headerTimeout = headerTimeout;
		this.defended.maxPerClient = maxPerClient;
		this.failures = failures;
		this.defended.failures = failures;
	}

	@Override
	public void start() throws Exception {
		super.start();
		this.watchdog = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("glorot-connection-watchdog").daemon(true).factory());
		this.watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	public void stop() throws Exception {
		if (this.watchdog != null) {
			this.watchdog.shutdownNow();
		}
		super.stop();
	}

	/** The request heads seen arriving, and since when (by the watchdog's clock). */
	private Map<SocketWrapperBase<NioChannel>, Long> parsingSince = new IdentityHashMap<>();

	private void watch() {
		try {
			long deadline = this.headerTimeout.toNanos();
			if (deadline <= 0) {
				return;
			}
			long now = System.nanoTime();
			Map<SocketWrapperBase<NioChannel>, Long> parsing = new IdentityHashMap<>();
			for (SocketWrapperBase<NioChannel> wrapper : this.defended.getConnections()) {
				if (wrapper.isClosed() || !receivingHead(wrapper)) {
					continue;
				}
				long since = this.parsingSince.getOrDefault(wrapper, now);
				if (now - since > deadline) {
					cut(wrapper);
				}
				else {
					parsing.put(wrapper, since);
				}
			}
			this.parsingSince = parsing;
		}
		catch (RuntimeException ex) {
			// the next round tries again; a watchdog that died would leave the connector undefended
			getLog().debug("Connection watchdog round failed", ex);
		}
	}

	/** Whether a request's head has started to arrive and is not complete: Tomcat keeps its processor meanwhile. */
	private static boolean receivingHead(SocketWrapperBase<?> wrapper) {
		if (!(wrapper.getCurrentProcessor() instanceof Processor processor) || processor.isAsync()
				|| processor.isUpgrade()) {
			return false;
		}
		org.apache.coyote.Request request = processor.getRequest();
		if (request == null) {
			return false;
		}
		// a processor kept between reads, before its request reached the service (a new connection, or the next
		// request of a kept-alive one)
		int stage = request.getRequestProcessor().getStage();
		return stage <= org.apache.coyote.Constants.STAGE_PARSE || stage >= org.apache.coyote.Constants.STAGE_KEEPALIVE;
	}

	/** Closes a connection as Tomcat closes one whose read timed out. */
	private void cut(SocketWrapperBase<NioChannel> wrapper) {
		wrapper.setError(new SocketTimeoutException("request head not complete within " + this.headerTimeout));
		if (!this.defended.processSocket(wrapper, SocketEvent.ERROR, true)) {
			wrapper.close();
		}
		TransportFailures counter = this.failures;
		if (counter != null) {
			counter.count(TransportFailures.Cause.HEADER_TIMEOUT);
		}
	}

	/**
	 * The NIO endpoint, refusing a connection from an address that holds as many as it may. Each address's count is
	 * exact: it goes up when a connection is admitted and down when Tomcat forgets the connection (the wrapper's close
	 * removes it from {@code connections}, which this endpoint replaces with a map that releases the count).
	 */
	static final class DefendedEndpoint extends NioEndpoint {

		private volatile int maxPerClient;

		private volatile TransportFailures failures;

		/** Connections held per address. */
		private final Map<InetAddress, Integer> held = new ConcurrentHashMap<>();

		/** The address each admitted connection was counted against, until Tomcat forgets the connection. */
		private final Map<SocketChannel, InetAddress> countedAs = new ConcurrentHashMap<>();

		DefendedEndpoint() {
			this.connections = new ReleasingConnections();
		}

		@Override
		protected boolean setSocketOptions(SocketChannel socket) {
			int max = this.maxPerClient;
			if (max > 0 && !admit(socket, max)) {
				TransportFailures counter = this.failures;
				if (counter != null) {
					counter.count(TransportFailures.Cause.CLIENT_CONNECTION_LIMIT);
				}
				// the acceptor's closeSocket only closes a connection Tomcat registered: close it here, as Tomcat's own
				// setSocketOptions does when it fails before registering, or it stays open, unread and counted
				destroySocket(socket);
				return false;
			}
			boolean registered = super.setSocketOptions(socket);
			if (!registered && !this.connections.containsKey(socket)) {
				// destroyed before it was registered: no close will remove it from the connections
				release(socket);
			}
			return registered;
		}

		private boolean admit(SocketChannel socket, int max) {
			InetAddress address;
			try {
				if (!(socket.getRemoteAddress() instanceof InetSocketAddress remote)) {
					return true;
				}
				address = remote.getAddress();
			}
			catch (IOException ex) {
				return true;
			}
			boolean[] admitted = new boolean[1];
			this.held.compute(address, (a, count) -> {
				int now = (count != null) ? count : 0;
				if (now >= max) {
					return count;
				}
				admitted[0] = true;
				return now + 1;
			});
			if (admitted[0]) {
				this.countedAs.put(socket, address);
			}
			return admitted[0];
		}

		private void release(Object socket) {
			InetAddress address = this.countedAs.remove(socket);
			if (address != null) {
				this.held.computeIfPresent(address, (a, count) -> (count > 1) ? count - 1 : null);
			}
		}

		/** Tomcat's map of open connections, releasing a connection's count when Tomcat removes it. */
		private final class ReleasingConnections extends ConcurrentHashMap<SocketChannel, SocketWrapperBase<NioChannel>> {

			private static final long serialVersionUID = 1L;

			@Override
			public SocketWrapperBase<NioChannel> remove(Object key) {
				SocketWrapperBase<NioChannel> removed = super.remove(key);
				release(key);
				return removed;
			}

		}

	}

}
