/**
 * Shutdown without starting what cannot finish: readiness drops first, new API requests are refused, answers in
 * flight finish (docs/deploy.md, "Streams that survive").
 */
package io.glorot.system.drain;
