/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.kserveauth.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A transport-neutral view of one HTTP request, built by an adapter (servlet filter, Vert.x handler)
 * and handed to core. Header names are lower-cased; values keep their order. Adapters build the
 * headers with {@link RequestHeaders#builder()}, which the view keeps without copying.
 *
 * @since 0.1
 * @param method the HTTP method, upper case
 * @param rawPath the path as received on the wire, still percent-encoded, without the query string
 * @param host the {@code Host} (or {@code :authority}) value, possibly with a port
 * @param headers header name to values (kept as is when a {@link RequestHeaders}, else copied into one)
 * @param queryParams decoded query parameter name to values
 * @param cookies cookie name to value
 * @param remoteAddress the peer's IP address as the server sees it (no port)
 * @param localPort the port the request arrived on
 * @param body the request body when the adapter has buffered it (OpenAI routes), else {@code null}
 * @param transport the wire protocol ({@link Transport#HTTP} unless the adapter says otherwise)
 */
public record RequestView(
    String method,
    String rawPath,
    String host,
    Map<String, List<String>> headers,
    Map<String, List<String>> queryParams,
    Map<String, String> cookies,
    String remoteAddress,
    int localPort,
    byte[] body,
    Transport transport) {

  /**
   * A request that came over HTTP ({@link Transport#HTTP}); the components are those of the record.
   *
   * @param method the HTTP method, upper case
   * @param rawPath the path as received, still percent-encoded, without the query string
   * @param host the {@code Host} value, or {@code null} for none
   * @param headers header name to values
   * @param queryParams decoded query parameter name to values, or {@code null} for none
   * @param cookies cookie name to value, or {@code null} for none
   * @param remoteAddress the peer's IP address (no port), or {@code null} when unknown
   * @param localPort the port the request arrived on
   * @param body the buffered body, or {@code null}
   */
  public RequestView(String method, String rawPath, String host, Map<String, List<String>> headers,
      Map<String, List<String>> queryParams, Map<String, String> cookies, String remoteAddress, int localPort,
      byte[] body) {
    this(method, rawPath, host, headers, queryParams, cookies, remoteAddress, localPort, body, Transport.HTTP);
  }

  /**
   * Copies the maps; {@code null} host, maps, address and transport become empty values and
   * {@link Transport#HTTP}.
   *
   * @param method the HTTP method, upper case
   * @param rawPath the path as received on the wire, still percent-encoded, without the query string
   * @param host the {@code Host} (or {@code :authority}) value, possibly with a port
   * @param headers header name to values (kept as is when a {@link RequestHeaders}, else copied into one)
   * @param queryParams decoded query parameter name to values
   * @param cookies cookie name to value
   * @param remoteAddress the peer's IP address as the server sees it (no port)
   * @param localPort the port the request arrived on
   * @param body the request body when the adapter has buffered it (OpenAI routes), else {@code null}
   * @param transport the wire protocol ({@link Transport#HTTP} unless the adapter says otherwise)
   * @throws NullPointerException if {@code method} or {@code rawPath} is {@code null}
   */
  public RequestView {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    host = host == null ? "" : host;
    headers = RequestHeaders.copyOf(headers);
    queryParams = queryParams == null || queryParams.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(queryParams));
    cookies = cookies == null || cookies.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
    remoteAddress = remoteAddress == null ? "" : remoteAddress;
    transport = transport == null ? Transport.HTTP : transport;
  }

  /**
   * The first value of a header (name matched case-insensitively), or {@code null}.
   *
   * @param name the header name, any case
   * @return the first value, or {@code null} when the header is absent
   */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * Every value of a header (name matched case-insensitively).
   *
   * @param name the header name, any case
   * @return the values in received order; empty when the header is absent
   */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Safe to log: method, path and host only. */
  @Override
  public String toString() {
    return "RequestView[" + (transport == Transport.HTTP ? "" : transport.id() + " ") + method + " " + rawPath
        + " host=" + host + "]";
  }
}
