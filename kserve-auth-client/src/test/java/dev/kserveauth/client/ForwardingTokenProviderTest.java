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

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A transformer forwards its caller's token and correlation headers to the predictor, on both stacks. */
class ForwardingTokenProviderTest {
  MockWebServer predictor = new MockWebServer();
  AutoCloseable transformer;
  int port;

  @BeforeEach
  void start() throws IOException {
    predictor.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (transformer != null) {
      transformer.close();
    }
    predictor.shutdown();
  }

  /** The transformer's work: ask the predictor whether the model is ready, with the caller's credentials. */
  String callPredictor(TokenProvider tokens) {
    try {
      KServeClient c = KServeClient.builder().baseUrl(predictor.url("/").toString()).tokenProvider(tokens).build();
      return "ready=" + c.isModelReady("iris");
    } catch (TokenProviderException e) {
      return "refused: " + e.getMessage();
    }
  }

  void startTransformer(String stack) throws Exception {
    if (stack.equals("servlet")) {
      Server jetty = new Server();
      ServerConnector c = new ServerConnector(jetty);
      c.setHost("127.0.0.1");
      jetty.addConnector(c);
      ServletContextHandler ctx = new ServletContextHandler("/");
      ctx.addFilter(new FilterHolder(new ServletForwarding()), "/*", EnumSet.of(DispatcherType.REQUEST));
      ctx.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
          res.getWriter().write(callPredictor(ForwardingTokenProvider.servlet()));
        }
      }), "/*");
      jetty.setHandler(ctx);
      jetty.start();
      port = c.getLocalPort();
      transformer = jetty::stop;
    } else {
      Vertx vertx = Vertx.vertx();
      Router router = Router.router(vertx);
      router.route().handler(VertxForwarding.handler());
      router.route().handler(rc -> rc.vertx().executeBlocking(() -> callPredictor(ForwardingTokenProvider.vertx()))
          .onComplete(r -> rc.response().end(r.succeeded() ? r.result() : "failed: " + r.cause())));
      port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
          .toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      transformer = () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  String call(String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/iris:predict"))
        .header("x-request-id", "req-42").header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void theInboundCallersTokenAndCorrelationHeadersReachThePredictor(String stack) throws Exception {
    startTransformer(stack);
    predictor.enqueue(new MockResponse().setBody("{\"name\":\"iris\",\"ready\":true}"));
    assertThat(call("callers-own-token")).isEqualTo("ready=true");
    RecordedRequest r = predictor.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer callers-own-token");
    assertThat(r.getHeader("x-request-id")).isEqualTo("req-42");
    assertThat(r.getHeader("traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void withoutAnInboundTokenItFailsClearlyAndSendsNothing(String stack) throws Exception {
    startTransformer(stack);
    assertThat(call(null)).startsWith("refused: ").contains("the inbound request has no bearer token to forward");
    assertThat(predictor.getRequestCount()).isZero();
  }

  @org.junit.jupiter.api.Test
  void outsideARequestThereIsNothingToForward() {
    assertThat(callPredictor(ForwardingTokenProvider.servlet())).startsWith("refused: no inbound request");
    assertThat(callPredictor(ForwardingTokenProvider.vertx())).startsWith("refused: no inbound request");
    assertThat(predictor.getRequestCount()).isZero();
  }
}
