package io.glorot.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How Tomcat's connector moves bytes to the socket (docs/performance.md, "The byte path"). Tomcat copies every
 * blocking write through one per-connection write buffer and writes the socket once per buffer's worth, so its size
 * sets the number of {@code write} system calls of a large answer; a direct buffer spares the JDK's copy of a heap
 * buffer into a temporary direct one before each call. Both buffers exist once per open connection.
 *
 * @param writeBuffer Tomcat's per-connection socket write buffer ({@code socket.appWriteBufSize})
 * @param directBuffers whether those buffers live outside the heap ({@code socket.directBuffer})
 * @see ConnectionProperties#sendBuffer() the kernel's send buffer for each connection
 */
@ConfigurationProperties("glorot.connector")
public record ConnectorProperties(@DefaultValue("64KB") DataSize writeBuffer,
		@DefaultValue("true") boolean directBuffers) {
}
