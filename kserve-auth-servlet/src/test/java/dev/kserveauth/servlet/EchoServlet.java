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

import dev.kserveauth.policy.Decision;
import dev.kserveauth.testing.http.EchoApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The echo application behind the filter, on any container: counts hits, records the routed path, echoes what it saw. */
final class EchoServlet extends HttpServlet {
  private final AtomicInteger hits;
  private final List<String> paths;

  EchoServlet(AtomicInteger hits, List<String> paths) {
    this.hits = hits;
    this.paths = paths;
  }

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    hits.incrementAndGet();
    String info = req.getPathInfo();
    String path = req.getContextPath() + req.getServletPath() + (info == null ? "" : info);
    paths.add(path);
    List<String> roles = new ArrayList<>();
    for (String r : EchoApp.ROLES) {
      if (req.isUserInRole(r)) {
        roles.add(r);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String n : Collections.list(req.getHeaderNames())) {
      headers.put(n.toLowerCase(Locale.ROOT), req.getHeader(n));
    }
    String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Decision d = (Decision) req.getAttribute(KServeAuthFilter.DECISION_ATTRIBUTE);
    byte[] out = EchoApp.render(path, req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName(), roles,
        headers, req.getQueryString(), Collections.list(req.getParameterNames()), body, d == null ? null : d.rule());
    res.setStatus(200);
    res.setContentType("application/json");
    res.getOutputStream().write(out);
  }
}
