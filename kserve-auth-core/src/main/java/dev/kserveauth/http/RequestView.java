package dev.kserveauth.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A transport-neutral view of one HTTP request, built by an adapter (servlet filter, Vert.x handler)
 * and handed to core. Header names are lower-cased; values keep their order.
 *
 * @param method the HTTP method, upper case
 * @param rawPath the path as received on the wire, still percent-encoded, without the query string
 * @param host the {@code Host} (or {@code :authority}) value, possibly with a port
 * @param headers header name (lower case) to values
 * @param queryParams decoded query parameter name to values
 * @param cookies cookie name to value
 * @param remoteAddress the peer's IP address as the server sees it (no port)
 * @param localPort the port the request arrived on
 * @param body the request body when the adapter has buffered it (OpenAI routes), else {@code null}
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
    byte[] body) {

  public RequestView {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    host = host == null ? "" : host;
    headers = lowerCaseKeys(headers);
    queryParams = queryParams == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(queryParams));
    cookies = cookies == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
    remoteAddress = remoteAddress == null ? "" : remoteAddress;
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

  private static Map<String, List<String>> lowerCaseKeys(Map<String, List<String>> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  /** Safe to log: method, path and host only. */
  @Override
  public String toString() {
    return "RequestView[" + method + " " + rawPath + " host=" + host + "]";
  }
}
