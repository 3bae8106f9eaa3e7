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
package dev.kserveauth.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a transformer forwards to its predictor on behalf of the inbound caller (the hop KServe
 * documents): the caller's own bearer token, and the request's {@code x-request-id} and trace
 * headers (W3C {@code traceparent}/{@code tracestate}, Zipkin B3, Envoy's {@code x-ot-span-context}).
 * {@link #toString()} masks the token.
 *
 * @since 0.1
 * @param token the inbound bearer token, or {@code null} when the inbound request had none
 * @param headers the correlation headers to send along (lower-case names)
 */
public record ForwardedCredentials(String token, Map<String, String> headers) {

  /** The headers copied from the inbound request besides the token. */
  public static final List<String> FORWARDED_HEADERS = List.of("x-request-id", "traceparent", "tracestate", "b3",
      "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "x-ot-span-context");

  /**
   * Copies the headers, so the record is immutable.
   *
   * @param token the inbound bearer token, or {@code null}
   * @param headers the correlation headers, by lower-case name
   * @throws NullPointerException when {@code headers} is {@code null} or holds a {@code null}
   */
  public ForwardedCredentials {
    headers = Map.copyOf(headers);
  }

  /**
   * Reads them from an inbound request.
   *
   * @param header the inbound request's header lookup (first value, name case-insensitive), e.g.
   *     {@code request::getHeader}
   * @return the credentials
   */
  public static ForwardedCredentials from(Function<String, String> header) {
    String auth = header.apply("Authorization");
    String token = null;
    if (auth != null && auth.length() > 7 && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = auth.substring(7).strip();
      token = t.isEmpty() ? null : t;
    }
    Map<String, String> h = new LinkedHashMap<>();
    for (String name : FORWARDED_HEADERS) {
      String v = header.apply(name);
      if (v != null && !v.isEmpty() && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
        h.put(name.toLowerCase(Locale.ROOT), v);
      }
    }
    return new ForwardedCredentials(token, h);
  }

  @Override
  public String toString() {
    return "ForwardedCredentials[token=" + (token == null ? "none" : Tokens.mask(token)) + ", headers=" + headers.keySet() + "]";
  }
}
