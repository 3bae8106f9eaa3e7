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
package dev.kserveauth.servlet;

import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestHeadersBuilder;
import dev.kserveauth.http.RequestParsing;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Map;

/** Builds the transport-neutral view of a servlet request without touching its body or form parameters. */
final class ServletRequests {
  private ServletRequests() {}

  /**
   * The authority the container routes on ({@code getServerName()} / {@code getServerPort()}: the
   * HTTP/2 {@code :authority}, the authority of an HTTP/1.1 absolute-form request-target, else the
   * {@code Host} header). The {@code Host} header is kept as spelled when it names that same host and
   * port, so {@code hosts} rules see what they always saw over HTTP/1.1; otherwise the container's
   * authority is the one decided on, as it is the one routed on.
   */
  static String authority(HttpServletRequest req, RequestHeaders headers) {
    java.util.List<String> hosts = headers.get("host");
    String host = hosts == null || hosts.isEmpty() ? null : hosts.get(0);
    String name = req.getServerName();
    if (name == null || name.isEmpty()) {
      return host;
    }
    int port = req.getServerPort();
    if (host != null && sameAuthority(host, name, port)) {
      return host;
    }
    String bare = name.startsWith("[") || name.indexOf(':') < 0 ? name : "[" + name + "]";
    boolean defaultPort = port <= 0 || port == 80 && "http".equals(req.getScheme())
        || port == 443 && "https".equals(req.getScheme());
    return defaultPort ? bare : bare + ":" + port;
  }

  private static boolean sameAuthority(String host, String name, int port) {
    int close = host.startsWith("[") ? host.indexOf(']') : -1;
    int colon = host.indexOf(':', close < 0 ? 0 : close);
    String h = colon < 0 ? host : host.substring(0, colon);
    if (!strip(h).equalsIgnoreCase(strip(name))) {
      return false;
    }
    if (colon < 0) {
      return true; // no port spelled: the container took the scheme's (or the connector's) default
    }
    try {
      return Integer.parseInt(host.substring(colon + 1)) == port;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String strip(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  static RequestView view(HttpServletRequest req, byte[] body) {
    RequestHeadersBuilder headers = RequestHeaders.builder();
    Enumeration<String> names = req.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = req.getHeaders(name);
      while (values.hasMoreElements()) {
        headers.add(name, values.nextElement());
      }
    }
    RequestHeaders h = headers.build();
    Map<String, String> cookies = RequestParsing.parseCookies(h.get("cookie"));
    return new RequestView(req.getMethod(), req.getRequestURI(), authority(req, h), h,
        RequestParsing.parseQuery(req.getQueryString()), cookies, req.getRemoteAddr(), req.getLocalPort(), body);
  }
}
