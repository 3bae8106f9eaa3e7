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
package dev.kserveauth.samples;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.servlet.KServeAuthFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A KServe custom predictor on embedded Jetty 12 (Jakarta Servlet 6), protected by a servlet
 * filter. Copy this class: the only auth-specific line is the {@code addFilter} call; everything
 * behind it is an ordinary servlet that sees only requests the policy allowed.
 *
 * <pre>{@code
 * KServeAuth auth = KServeAuth.builder()
 *     .authenticator(RequestAuthenticator.builder().rulesFrom(Path.of("/etc/kserve-auth/authn.yaml")).build())
 *     .policies(Path.of("/etc/kserve-auth/policies"))
 *     .build();
 * try (ServletPredictor p = ServletPredictor.start("0.0.0.0", 8080, auth, new ModelServer(List.of("iris"), null))) {
 *   p.join();
 * }
 * }</pre>
 */
public final class ServletPredictor implements AutoCloseable {

  private final Server server;

  private ServletPredictor(Server server) {
    this.server = server;
  }

  /** Largest request body the predictor reads; a larger one gets 413. */
  public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  /**
   * Starts Jetty with kserve-auth's {@link KServeAuthFilter} in front of every path.
   *
   * @param host the address to bind
   * @param port the port, or 0 for a free one
   * @param auth the facade deciding every request
   * @param models what answers the allowed requests
   * @return the running predictor
   * @throws Exception when Jetty cannot start
   */
  public static ServletPredictor start(String host, int port, KServeAuth auth, ModelServer models) throws Exception {
    return start(host, port, new KServeAuthFilter(auth), models);
  }

  /**
   * Starts Jetty with {@code authFilter} in front of every path and the model server behind it.
   *
   * @param host the address to bind ({@code 127.0.0.1} for loopback only, {@code 0.0.0.0} in a pod)
   * @param port the port, or 0 for a free one
   * @param authFilter the kserve-auth filter (or any filter that decides access)
   * @param models what answers the allowed requests
   * @return the running predictor
   * @throws Exception when Jetty cannot start (port taken, ...)
   */
  public static ServletPredictor start(String host, int port, Filter authFilter, ModelServer models) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    // The one line that protects every route: authenticate, decide, then pass on or answer 401/403.
    // Async support lets the filter read an OpenAI body (when a policy needs the model it names)
    // without holding a thread while a slow client sends it.
    FilterHolder filter = new FilterHolder(authFilter);
    filter.setAsyncSupported(true);
    // REQUEST and ASYNC: once that body is in, the request goes on by an ASYNC dispatch into the filter
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    ServletHolder servlet = new ServletHolder(new PredictorServlet(models));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop(); // a failed start (port taken, unknown host) leaves no threads behind
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
    return new ServletPredictor(server);
  }

  /** The port Jetty listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Blocks until the server stops (Ctrl-C). */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Serves the model: V1, V2, /health and /metrics, all through {@link ModelServer}. */
  static final class PredictorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ModelServer models;

    PredictorServlet(ModelServer models) {
      this.models = models;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      // getPathInfo() is the decoded, normalized path the container routes on (and the filter decided on).
      String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
      byte[] body = req.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        resp.sendError(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      ModelServer.Reply reply = models.handle(req.getMethod(), path, body);
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      resp.setStatus(reply.status());
      resp.setContentType(reply.contentType());
      resp.setContentLength(bytes.length);
      resp.getOutputStream().write(bytes);
    }
  }
}
