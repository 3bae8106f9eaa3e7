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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real embedded Tomcat (the container Spring Boot embeds) serving the echo application behind a
 * filter, as {@link JettyServer} does on Jetty: Tomcat recycles a request's filter chain once the
 * original dispatch returns, which Jetty does not.
 */
final class TomcatServer implements HttpConformance.Target, AutoCloseable {
  private final Tomcat tomcat;
  private final Connector connector;
  private final Path base;
  final AtomicInteger hits = new AtomicInteger();
  final List<String> paths = Collections.synchronizedList(new ArrayList<>());

  /** Filter and servlet async-supported, the filter mapped for REQUEST and ASYNC, as docs/adapters.md asks. */
  TomcatServer(Filter filter) throws Exception {
    this(filter, true);
  }

  TomcatServer(Filter filter, boolean asyncSupported) throws Exception {
    this(filter, asyncSupported, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
  }

  TomcatServer(Filter filter, boolean asyncSupported, EnumSet<DispatcherType> dispatch) throws Exception {
    this(filter, asyncSupported, dispatch, echo -> echo);
  }

  /** {@code app} wraps the echo application (an application of its own async dispatches, say). */
  TomcatServer(Filter filter, boolean asyncSupported, EnumSet<DispatcherType> dispatch,
      java.util.function.Function<EchoServlet, jakarta.servlet.http.HttpServlet> app) throws Exception {
    base = Files.createTempDirectory("tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", null);
    FilterDef fd = new FilterDef();
    fd.setFilterName("kserve-auth");
    fd.setFilter(filter);
    fd.setAsyncSupported(Boolean.toString(asyncSupported));
    ctx.addFilterDef(fd);
    FilterMap fm = new FilterMap();
    fm.setFilterName("kserve-auth");
    fm.addURLPattern("/*");
    for (DispatcherType t : dispatch) {
      fm.setDispatcher(t.name());
    }
    ctx.addFilterMap(fm);
    Wrapper w = Tomcat.addServlet(ctx, "echo", app.apply(new EchoServlet(hits, paths)));
    w.setAsyncSupported(asyncSupported);
    ctx.addServletMappingDecoded("/*", "echo");
    tomcat.start();
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
    tomcat.stop();
    tomcat.destroy();
    try (var files = Files.walk(base)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
