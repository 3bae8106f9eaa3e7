package dev.kserveauth.servlet;

import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestParsing;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Map;

/** Builds the transport-neutral view of a servlet request without touching its body or form parameters. */
final class ServletRequests {
  private ServletRequests() {}

  static RequestView view(HttpServletRequest req, byte[] body) {
    RequestHeaders.Builder headers = RequestHeaders.builder();
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
    return new RequestView(req.getMethod(), req.getRequestURI(), req.getHeader("Host"), h,
        RequestParsing.parseQuery(req.getQueryString()), cookies, req.getRemoteAddr(), req.getLocalPort(), body);
  }
}
