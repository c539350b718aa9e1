package io.glorot.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the API connector defends itself against slow and idle clients (docs/reliability.md, "Connections").
 *
 * @param sendBuffer the socket send buffer of each connection ({@code SO_SNDBUF}; the kernel doubles it). A write
 * blocks until the client has read about half of it, so with {@code server.tomcat.connection-timeout} it sets the
 * slowest reader that is still served: 256 KiB and 30 s cut a client that reads less than about 8 KiB/s. A larger
 * buffer serves distant fast clients faster; a smaller one keeps slower readers
 * @param headerTimeout the longest a request's head (request line and headers) may take to arrive, however steadily
 * its bytes come; 0 turns the deadline off (the record's default, for an application that binds it without the
 * service's {@code application.properties}, which sets 10 s)
 * @param maxPerClient the most connections one client address may hold at once; 0 turns the cap off (the record's
 * default; {@code application.properties} sets 256). Behind a proxy or load balancer that does not keep client
 * addresses, turn it off (docs/deploy.md, "Proxies in front")
 */
@ConfigurationProperties("glorot.connections")
public record ConnectionProperties(@DefaultValue("256KB") DataSize sendBuffer,
		@DefaultValue("0s") Duration headerTimeout, @DefaultValue("0") int maxPerClient) {

}
