package dev.kserveauth.servlet;

import dev.kserveauth.policy.Decision;
import dev.kserveauth.testing.http.EchoApp;
import dev.kserveauth.testing.http.HttpConformance;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real embedded Jetty 12 (ee10) serving the echo application behind a filter (HTTP/1.1 and h2c), with default URI compliance. */
final class JettyServer implements HttpConformance.Target, AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  final AtomicInteger hits = new AtomicInteger();
  final List<String> paths = Collections.synchronizedList(new ArrayList<>());

  /** Filter and servlet async-supported, as the filter's documentation recommends. */
  JettyServer(Filter filter) throws Exception {
    this(filter, true);
  }

  JettyServer(Filter filter, boolean asyncSupported) throws Exception {
    server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    // HTTP/1.1 and h2c (prior knowledge) on one port, as an h2c-enabled deployment serves both
    connector = new ServerConnector(server, new HttpConnectionFactory(config),
        new org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler("/");
    FilterHolder fh = new FilterHolder(filter);
    fh.setAsyncSupported(asyncSupported);
    ctx.addFilter(fh, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder sh = new ServletHolder(new Echo());
    sh.setAsyncSupported(asyncSupported);
    ctx.addServlet(sh, "/*");
    server.setHandler(ctx);
    server.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public int appHits() {
    return hits.get();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  final class Echo extends HttpServlet {
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
}
