package dev.kserveauth.servlet;

import dev.kserveauth.http.RequestView;
import dev.kserveauth.http.RequestParsing;
import jakarta.servlet.http.HttpServletRequest;
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
    Map<String, String> cookies = RequestParsing.parseCookies(headers.get("cookie"));
    return new RequestView(req.getMethod(), req.getRequestURI(), req.getHeader("Host"), headers,
        RequestParsing.parseQuery(req.getQueryString()), cookies, req.getRemoteAddr(), req.getLocalPort(), body);
  }
}
