package io.glorot.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * for longer than {@code glorot.connections.header-timeout} is closed the way Tomcat closes one that timed out, and
 * the per-address counts are refreshed; the acceptor refuses a connection whose address already holds
 * {@code glorot.connections.max-per-client}. Spring Boot names this class as the connector's protocol.
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
			this.defended.startRound();
			long now = System.nanoTime();
			long deadline = this.headerTimeout.toNanos();
			Map<SocketWrapperBase<NioChannel>, Long> parsing = new IdentityHashMap<>();
			Map<InetAddress, Integer> perClient = new HashMap<>();
			for (SocketWrapperBase<NioChannel> wrapper : this.defended.getConnections()) {
				if (wrapper.isClosed()) {
					continue;
				}
				InetAddress address = address(wrapper);
				if (address != null) {
					perClient.merge(address, 1, Integer::sum);
				}
				if (deadline <= 0 || !receivingHead(wrapper)) {
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
			this.defended.refresh(perClient);
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

	private static InetAddress address(SocketWrapperBase<?> wrapper) {
		try {
			String remote = wrapper.getRemoteAddr();
			return (remote != null) ? InetAddress.ofLiteral(remote) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The NIO endpoint, refusing connections from an address that holds as many as it may. */
	static final class DefendedEndpoint extends NioEndpoint {

		private volatile int maxPerClient;

		private volatile TransportFailures failures;

		/** Connections per address at the watchdog's last round. */
		private volatile Map<InetAddress, Integer> counted = Map.of();

		/** Connections accepted per address since the round before the last one started. */
		private volatile Map<InetAddress, AtomicInteger> acceptedBefore = new ConcurrentHashMap<>();

		/** Connections accepted per address since the last round started. */
		private volatile Map<InetAddress, AtomicInteger> accepted = new ConcurrentHashMap<>();

		/**
		 * Starts a round of counting: what is accepted from now on is counted afresh. What was accepted before stays
		 * counted until the round's counts are published, so a connection accepted while they are made is counted
		 * once or twice, never not at all.
		 */
		void startRound() {
			this.acceptedBefore = this.accepted;
			this.accepted = new ConcurrentHashMap<>();
		}

		void refresh(Map<InetAddress, Integer> perClient) {
			this.counted = perClient;
			this.acceptedBefore = new ConcurrentHashMap<>();
		}

		@Override
		protected boolean setSocketOptions(SocketChannel socket) {
			int max = this.maxPerClient;
			if (max > 0 && !admit(socket, max)) {
				TransportFailures counter = this.failures;
				if (counter != null) {
					counter.count(TransportFailures.Cause.CLIENT_CONNECTION_LIMIT);
				}
				return false;
			}
			return super.setSocketOptions(socket);
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
			int held = this.counted.getOrDefault(address, 0);
			AtomicInteger before = this.acceptedBefore.get(address);
			int fresh = this.accepted.computeIfAbsent(address, (a) -> new AtomicInteger()).incrementAndGet();
			return held + ((before != null) ? before.get() : 0) + fresh <= max;
		}

	}

}
