package io.glorot.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access to {@code /v1/**} ({@code glorot.cors.*}); off unless origins are listed.
 *
 * @param allowedOrigins origins (or patterns such as {@code https://*.example.org}) whose pages may call the API;
 * empty turns CORS off
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("glorot.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {

}
