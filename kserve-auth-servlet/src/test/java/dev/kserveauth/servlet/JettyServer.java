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

import dev.kserveauth.testing.http.HttpConformance;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
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

  /** Mapped for REQUEST and ASYNC, as docs/adapters.md asks. */
  JettyServer(Filter filter, boolean asyncSupported) throws Exception {
    this(filter, asyncSupported, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
  }

  JettyServer(Filter filter, boolean asyncSupported, EnumSet<DispatcherType> dispatch) throws Exception {
    this(filter, asyncSupported, dispatch, echo -> echo);
  }

  /** {@code app} wraps the echo application (an application of its own async dispatches, say). */
  JettyServer(Filter filter, boolean asyncSupported, EnumSet<DispatcherType> dispatch,
      java.util.function.Function<EchoServlet, jakarta.servlet.http.HttpServlet> app) throws Exception {
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
    ctx.addFilter(fh, "/*", dispatch);
    ServletHolder sh = new ServletHolder(app.apply(new EchoServlet(hits, paths)));
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
}
