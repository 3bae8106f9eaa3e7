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

  /** A request that came over HTTP ({@link Transport#HTTP}); the components are those of the record. */
  public RequestView(String method, String rawPath, String host, Map<String, List<String>> headers,
      Map<String, List<String>> queryParams, Map<String, String> cookies, String remoteAddress, int localPort,
      byte[] body) {
    this(method, rawPath, host, headers, queryParams, cookies, remoteAddress, localPort, body, Transport.HTTP);
  }

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

  /** The first value of a header (name matched case-insensitively), or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Every value of a header (name matched case-insensitively). */
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
