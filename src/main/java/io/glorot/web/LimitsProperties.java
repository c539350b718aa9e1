package io.glorot.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits that keep one request from taking the server: how many elements an answer may hold, and how large a
 * request body may be. Every problem that a limit causes states the limit.
 *
 * @param maxElements the most elements a binary answer (raw, npy, safetensors) may hold; with a slice, the
 * elements sent, not those of the full tensor
 * @param maxJsonElements the most elements a JSON answer may hold
 * @param maxBodyBytes the largest request body accepted
 */
@ConfigurationProperties("glorot.limits")
public record LimitsProperties(@DefaultValue("1073741824") long maxElements,
		@DefaultValue("16777216") long maxJsonElements, @DefaultValue("65536") int maxBodyBytes) {

}
