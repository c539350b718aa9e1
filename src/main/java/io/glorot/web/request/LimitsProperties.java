package io.glorot.web.request;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits that keep one request from taking the server: how many elements an answer may hold, and how large a
 * request body may be. Every problem that a limit causes states the limit.
 *
 * @param maxElements the most elements a binary answer (raw, npy, safetensors) may hold; with a slice, the
 * elements sent, not those of the full tensor; in a batch, the most of each tensor
 * @param maxJsonElements the most elements a JSON answer may hold; in a batch, all tensors together
 * @param maxBodyBytes the largest request body accepted (1 MiB holds a batch of 1024 tensors with long names)
 * @param maxBatchTensors the most tensors a batch may hold
 * @param maxBatchElements the most elements a batch may hold, all tensors together
 */
@ConfigurationProperties("glorot.limits")
public record LimitsProperties(@DefaultValue("1073741824") long maxElements,
		@DefaultValue("16777216") long maxJsonElements, @DefaultValue("1048576") int maxBodyBytes,
		@DefaultValue("1024") int maxBatchTensors, @DefaultValue("2147483648") long maxBatchElements) {

}
