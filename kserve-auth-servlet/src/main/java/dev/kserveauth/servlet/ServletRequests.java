package dev.kserveauth.servlet;

import dev.kserveauth.http.RequestView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the transport-neutral view of a servlet request without touching its body or form parameters. */
final class ServletRequests {
  private ServletRequests() {}

  static RequestView view(HttpServletRequest req, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(Collections.list(req.getHeaders(name)));
    }
    Map<String, String> cookies = new LinkedHashMap<>();
    Cookie[] cs = req.getCookies();
    if (cs != null) {
      for (Cookie c : cs) {
        cookies.putIfAbsent(c.getName(), c.getValue());
      }
    }
    return new RequestView(req.getMethod(), req.getRequestURI(), req.getHeader("Host"), headers,
        parseQuery(req.getQueryString()), cookies, req.getRemoteAddr(), req.getLocalPort(), body);
  }

  /** Parses a query string; a pair whose encoding is malformed is skipped (never guessed). */
  static Map<String, List<String>> parseQuery(String query) {
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

  /** The query string without the named parameters (raw pairs kept as they were). */
  static String withoutParams(String query, java.util.Set<String> names) {
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
}
