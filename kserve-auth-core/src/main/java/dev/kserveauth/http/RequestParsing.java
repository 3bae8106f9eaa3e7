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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Query-string and cookie parsing shared by both adapters, so a token in a query parameter or a
 * cookie is found the same way behind Jetty and behind Vert.x.
 *
 * <pre>{@code
 * RequestParsing.parseQuery("access_token=abc&a=1");      // {access_token=[abc], a=[1]}
 * RequestParsing.parseCookies(List.of("session=x; t=y")); // {session=x, t=y}
 * }</pre>
 *
 * @since 0.1
 */
public final class RequestParsing {
  private RequestParsing() {}

  /**
   * Parses a raw query string ({@code application/x-www-form-urlencoded}); a malformed pair is skipped, never guessed.
   *
   * @param query the query string without {@code ?}, or {@code null}
   * @return decoded name to values in order; empty for a {@code null} or empty query
   */
  public static Map<String, List<String>> parseQuery(String query) {
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      } catch (IllegalArgumentException malformed) {
        // skipped
      }
    }
    return out;
  }

  /**
   * The raw query string without the named parameters (other pairs kept byte for byte); null when nothing is left.
   *
   * @param query the raw query string without {@code ?}, or {@code null}
   * @param names the parameter names to drop (decoded names)
   * @return the remaining query, or {@code null} when no pair is left
   */
  public static String withoutParams(String query, Set<String> names) {
    if (query == null || names.isEmpty()) {
      return query;
    }
    StringBuilder sb = new StringBuilder(query.length());
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k;
      try {
        k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        k = null;
      }
      if (pair.isEmpty() || k != null && names.contains(k)) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(pair);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * Parses {@code Cookie} header values (RFC 6265 {@code name=value; name2=value2}); the first
   * occurrence of a name wins; surrounding double quotes of a value are removed.
   *
   * @param cookieHeaders every {@code Cookie} header value, or {@code null}
   * @return cookie name to value; empty when there is none
   */
  public static Map<String, String> parseCookies(List<String> cookieHeaders) {
    if (cookieHeaders == null || cookieHeaders.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String header : cookieHeaders) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String name = part.substring(0, eq).trim();
        String value = part.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!name.isEmpty()) {
          out.putIfAbsent(name, value);
        }
      }
    }
    return out;
  }

  /**
   * Whether an HTTP/1.1 request-target in absolute form ({@code http://host:port/path}) names another
   * authority than the one decided on. RFC 9112 §3.2.2 says the target's authority wins over
   * {@code Host}, yet some servers (Vert.x) route on {@code Host}: when the two differ, a proxy or
   * application reading the absolute URI would act on a host the decision never saw, so adapters
   * refuse the request. Origin-form targets ({@code /path}) never differ.
   *
   * @param requestTarget the request-target as received (e.g. Vert.x {@code request.uri()})
   * @param decidedAuthority the authority decided on ({@link RequestView#host()})
   * @return true when the target is absolute and its authority differs (case-insensitively)
   */
  public static boolean absoluteFormDiffers(String requestTarget, String decidedAuthority) {
    if (requestTarget == null || requestTarget.isEmpty() || requestTarget.charAt(0) == '/'
        || requestTarget.equals("*")) {
      return false;
    }
    int scheme = requestTarget.indexOf("://");
    if (scheme < 0) {
      return true; // neither origin- nor absolute-form: nothing to route on with confidence
    }
    int start = scheme + 3;
    int end = start;
    while (end < requestTarget.length() && "/?#".indexOf(requestTarget.charAt(end)) < 0) {
      end++;
    }
    String authority = requestTarget.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    return decidedAuthority == null || !authority.equalsIgnoreCase(decidedAuthority);
  }

  /**
   * The authority to decide on, given the one the server routes on ({@code host}, {@code port}; for
   * HTTP/2 from {@code :authority}) and the {@code Host} header: the header as the caller spelled it
   * when it names that authority (case-insensitive host, same port or none), else {@code host[:port]}.
   * An adapter whose server routes on a parsed authority passes it here, so that {@code hosts} rules
   * see what the router saw whether the request came over HTTP/1.1 or HTTP/2.
   *
   * <pre>{@code
   * HostAndPort a = vertxRequest.authority();
   * String host = RequestParsing.routedAuthority(headers.get("host"), a.host(), a.port());
   * }</pre>
   *
   * @param hostHeaders the {@code Host} header values, or {@code null}
   * @param host the routed host, or {@code null} when the server has none (then the header, if any)
   * @param port the routed port, negative when none
   * @return the authority, or {@code null} when there is none
   * @since 0.1
   */
  public static String routedAuthority(List<String> hostHeaders, String host, int port) {
    String header = hostHeaders == null || hostHeaders.isEmpty() ? null : hostHeaders.get(0);
    if (host == null) {
      return header;
    }
    if (header != null && spells(header, host, port)) {
      return header; // the common HTTP/1.1 case, kept as spelled
    }
    return port >= 0 ? host + ":" + port : host;
  }

  /** Whether {@code header} is {@code host[:port]} (case-insensitive host, same port or none), without allocating. */
  private static boolean spells(String header, String host, int port) {
    int n = host.length();
    if (!header.regionMatches(true, 0, host, 0, n)) {
      return false;
    }
    if (header.length() == n) {
      return port < 0;
    }
    if (header.charAt(n) != ':' || port < 0) {
      return false;
    }
    int p = 0;
    for (int i = n + 1; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9' || p > 65535) {
        return false;
      }
      p = p * 10 + (c - '0');
    }
    return header.length() > n + 1 && p == port;
  }
}
