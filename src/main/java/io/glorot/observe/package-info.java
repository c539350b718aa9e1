/**
 * What operators see of each API answer, without touching the controllers: a servlet filter that, when an answer
 * is fully written (streamed answers included), logs one line about it and adds its tensor's attributes to the
 * request's observation (its trace span), and the admission lane as a tag of {@code http.server.requests}.
 * See docs/operations.md, "Logs" and "Traces".
 */
package io.glorot.observe;
