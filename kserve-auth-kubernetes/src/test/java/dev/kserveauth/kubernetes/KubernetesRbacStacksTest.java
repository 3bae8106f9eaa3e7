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
package dev.kserveauth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.vertx.KServeAuthHandler;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kube-rbac-proxy's behaviour, in-process, on both stacks: a Kubernetes service-account JWT (offline)
 * or an opaque token (TokenReview), a CUSTOM policy handing every model route to the
 * {@code kubernetes-rbac} provider, and the fake API server's RoleBindings deciding.
 */
class KubernetesRbacStacksTest {
  static final String K8S_ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String NS = "team-a";
  static final String OPAQUE = "sha256~opaque-openshift-token";
  static final String POLICY = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: kserve-rbac, namespace: team-a}
      spec:
        action: CUSTOM
        provider:
          name: kubernetes-rbac
        rules:
        - to:
          - operation:
              paths: ["/v1/*", "/v2/*"]
      """;

  @TempDir Path dir;
  FakeKubeApi api;
  MutableClock clock = MutableClock.at("2026-12-05T12:00:00Z");
  SubjectAccessReviewAuthorizer sar;
  KServeAuth auth;
  final AtomicInteger appHits = new AtomicInteger();
  HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  AutoCloseable server;
  int port;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeKubeApi(Files.createDirectory(dir.resolve("api")));
    api.bindServiceAccount(NS, "scorer", "sklearn-iris", "get");
    api.tokens.put(OPAQUE, new FakeKubeApi.KnownToken("system:serviceaccount:team-a:scorer", "uid-scorer",
        List.of("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"), Map.of(),
        List.of("https://kubernetes.default.svc")));
    Path ra = dir.resolve("requestauthentication.yaml");
    Files.writeString(ra, """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: k8s, namespace: team-a}
        spec:
          jwtRules:
          - issuer: %s
            jwks: '%s'
            forwardOriginalToken: true
        """.formatted(K8S_ISSUER, TestKeys.jwks(TestKeys.RSA_KID)));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    KubernetesApi kube = api.api(NS);
    RequestAuthenticator jwt = RequestAuthenticator.builder().rulesFrom(ra).clock(clock).build();
    TokenReviewAuthenticator authn = TokenReviewAuthenticator.builder(kube).delegate(jwt).clock(clock).build();
    sar = SubjectAccessReviewAuthorizer.builder(kube).clock(clock).build();
    auth = KServeAuth.builder().authenticator(authn).policies(policy).clock(clock).auditSink(dev.kserveauth.audit.AuditSink.none())
        .authorizer(SubjectAccessReviewAuthorizer.PROVIDER_NAME, sar).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    auth.close();
    api.close();
  }

  void start(String stack) throws Exception {
    if (stack.equals("servlet")) {
      Server jetty = new Server();
      ServerConnector c = new ServerConnector(jetty);
      c.setHost("127.0.0.1");
      jetty.addConnector(c);
      ServletContextHandler ctx = new ServletContextHandler("/");
      FilterHolder fh = new FilterHolder(new KServeAuthFilter(auth));
      fh.setAsyncSupported(true);
      ctx.addFilter(fh, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
      ServletHolder sh = new ServletHolder(new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
          appHits.incrementAndGet();
          res.setStatus(200);
          res.getWriter().write("model");
        }
      });
      sh.setAsyncSupported(true);
      ctx.addServlet(sh, "/*");
      jetty.setHandler(ctx);
      jetty.start();
      port = c.getLocalPort();
      server = jetty::stop;
    } else {
      Vertx vertx = Vertx.vertx();
      Router router = Router.router(vertx);
      router.route().handler(KServeAuthHandler.create(auth));
      router.route().handler(rc -> {
        appHits.incrementAndGet();
        rc.response().end("model");
      });
      port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
          .toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      server = () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  String saToken(String sa) {
    return TestTokens.rs256().issuer(K8S_ISSUER).subject("system:serviceaccount:" + NS + ":" + sa)
        .audience(K8S_ISSUER).clock(clock).expiresIn(Duration.ofHours(1))
        .claim("kubernetes.io", Map.of("namespace", NS, "serviceaccount", Map.of("name", sa, "uid", "uid-" + sa)))
        .build();
  }

  HttpRequest predict(String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/v1/models/sklearn-iris:predict")).POST(HttpRequest.BodyPublishers.ofString("{\"instances\":[[1,2,3,4]]}"))
        .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  HttpResponse<String> send(String token) throws Exception {
    return http.send(predict(token), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void kubeRbacProxysBehaviourTable(String stack) throws Exception {
    start(stack);
    // a service account with a RoleBinding get on the InferenceService → 200
    HttpResponse<String> ok = send(saToken("scorer"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("model");
    // another service account → 403 with kube-rbac-proxy's reason
    HttpResponse<String> other = send(saToken("intruder"));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("Forbidden (user=system:serviceaccount:team-a:intruder, verb=get, "
        + "resource=inferenceservices, subresource=)");
    // no token → 401
    HttpResponse<String> none = send(null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    // an opaque token the API server's TokenReview accepts → 200
    assertThat(send(OPAQUE).statusCode()).isEqualTo(200);
    // revoked: the TokenReview says not authenticated → 401 invalid_token, the token nowhere in the answer
    String revoked = "sha256~revoked-0000000000000000000000";
    HttpResponse<String> rev = send(revoked);
    assertThat(rev.statusCode()).isEqualTo(401);
    assertThat(rev.headers().firstValue("www-authenticate").orElse("")).contains("invalid_token")
        .doesNotContain(revoked);
    assertThat(rev.body()).doesNotContain(revoked);
    assertThat(appHits.get()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void apiServerDownFailsClosedAndPoisonsNothing(String stack) throws Exception {
    start(stack);
    api.failStatus.set(500);
    HttpResponse<String> down = send(saToken("scorer"));
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("retry-after")).hasValue("1");
    assertThat(appHits.get()).isZero();
    api.failStatus.set(0);
    assertThat(send(saToken("scorer")).statusCode()).isEqualTo(200); // asked again: nothing was kept
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(1);
    assertThat(sar.stats().errors()).containsEntry("server", 1L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void thousandConcurrentColdRequestsFromOneServiceAccountMakeOneReview(String stack) throws Exception {
    start(stack);
    api.delayMillis.set(500);
    String token = saToken("scorer");
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(http.sendAsync(predict(token), HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(all).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void allowAndDenyTtlsWithAControlledClock(String stack) throws Exception {
    start(stack);
    String scorer = saToken("scorer");
    String intruder = saToken("intruder");
    assertThat(send(scorer).statusCode()).isEqualTo(200);
    assertThat(send(intruder).statusCode()).isEqualTo(403);
    api.bindServiceAccount(NS, "intruder", "sklearn-iris", "get"); // granted now
    api.bindings.removeIf(b -> b.name().equals("rb-scorer"));      // revoked now
    clock.advance(Duration.ofSeconds(29));
    assertThat(send(scorer).statusCode()).isEqualTo(200);  // allowed answer kept
    assertThat(send(intruder).statusCode()).isEqualTo(403); // denied answer kept
    clock.advance(Duration.ofSeconds(2));
    assertThat(send(intruder).statusCode()).isEqualTo(200); // 31 s: the denial expired
    assertThat(send(scorer).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(270));
    assertThat(send(scorer).statusCode()).isEqualTo(403);   // 301 s: the allowance expired
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(4);
  }
}
