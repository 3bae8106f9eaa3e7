package dev.kserveauth.internal.keys;

import java.util.OptionalLong;

/**
 * A document fetched over HTTP: its body and the {@code Cache-Control: max-age} it came with.
 *
 * @param body the response body (at most the configured cap)
 * @param maxAgeSeconds the max-age, empty when absent or when {@code no-cache}/{@code no-store} was sent
 */
public record FetchedDocument(byte[] body, OptionalLong maxAgeSeconds) {}
