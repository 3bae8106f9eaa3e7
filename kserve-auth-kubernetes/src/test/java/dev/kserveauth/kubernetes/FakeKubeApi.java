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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A faithful stand-in for the Kubernetes API server's TokenReview and SubjectAccessReview endpoints:
 * HTTPS with a CA generated per instance, the library's own bearer token required (401 with a
 * {@code Status} otherwise, as the API server answers), the request and answer shapes of the API
 * reference, SubjectAccessReviews evaluated over a small Role/RoleBinding table as the RBAC
 * authorizer does, every call counted and recorded, and switches to slow it down or fail it. Public
 * (in the test-jar) for the Spring Boot starter's tests.
 */
public final class FakeKubeApi implements AutoCloseable {
  static final String LIBRARY_TOKEN = "library-sa-token-0123";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A Role (namespaced) or ClusterRole ({@code namespace} null) rule set. */
  record Rule(List<String> apiGroups, List<String> resources, List<String> verbs, List<String> resourceNames,
      List<String> nonResourceUrls) {}

  /** A RoleBinding (or ClusterRoleBinding with {@code namespace} null) of rules to subjects. */
  record Binding(String name, String namespace, List<Rule> rules, List<String> users, List<String> groups) {}

  /** A token the TokenReview endpoint knows. */
  public record KnownToken(String username, String uid, List<String> groups, Map<String, List<String>> extra,
      List<String> audiences) {}

  final Path dir;
  final HeldCertificate ca;
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  final List<Binding> bindings = Collections.synchronizedList(new ArrayList<>());
  final Map<String, KnownToken> tokens = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  final AtomicLong delayMillis = new AtomicLong();
  final AtomicInteger failStatus = new AtomicInteger();
  final AtomicReference<String> retryAfter = new AtomicReference<>();

  public FakeKubeApi(Path dir) throws IOException {
    this.dir = dir;
    String host = InetAddress.getByName("127.0.0.1").getCanonicalHostName();
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("fake-kube-ca").build();
    HeldCertificate serverCert = new HeldCertificate.Builder().commonName("kubernetes")
        .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName(host).signedBy(ca).build();
    HandshakeCertificates tls = new HandshakeCertificates.Builder().heldCertificate(serverCert, ca.certificate()).build();
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    Files.writeString(caFile(), ca.certificatePem());
    Files.writeString(tokenFile(), LIBRARY_TOKEN + "\n");
  }

  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  public Path tokenFile() {
    return dir.resolve("token");
  }

  public KubernetesApi api(String namespace) {
    return KubernetesApi.builder().url(url()).caFile(caFile()).tokenFile(tokenFile()).namespace(namespace).build();
  }

  public int calls(String kind) {
    AtomicInteger n = calls.get(kind);
    return n == null ? 0 : n.get();
  }

  /** A RoleBinding granting {@code verbs} on InferenceService {@code name} (all when null) to a service account. */
  public void bindServiceAccount(String namespace, String sa, String isvc, String... verbs) {
    bindings.add(new Binding("rb-" + sa, namespace, List.of(new Rule(List.of("serving.kserve.io"),
        List.of("inferenceservices"), List.of(verbs), isvc == null ? List.of() : List.of(isvc), List.of())),
        List.of("system:serviceaccount:" + namespace + ":" + sa), List.of()));
  }

  /** Makes the TokenReview endpoint accept {@code token} as {@code known}. */
  public void knowToken(String token, KnownToken known) {
    tokens.put(token, known);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] in = ex.getRequestBody().readAllBytes();
      long delay = delayMillis.get();
      if (delay > 0) {
        Thread.sleep(delay);
      }
      String path = ex.getRequestURI().getPath();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      if (!("Bearer " + LIBRARY_TOKEN).equals(auth)) {
        send(ex, 401, status(401, "Unauthorized", "Unauthorized"));
        return;
      }
      int fail = failStatus.get();
      if (fail != 0) {
        if (retryAfter.get() != null) {
          ex.getResponseHeaders().set("Retry-After", retryAfter.get());
        }
        send(ex, fail, status(fail, "InternalError", "induced failure"));
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, status(405, "MethodNotAllowed", "only POST"));
        return;
      }
      JsonNode review = JSON.readTree(in);
      if (path.equals("/apis/authentication.k8s.io/v1/tokenreviews")) {
        count("tokenreviews", in);
        send(ex, 201, tokenReview((ObjectNode) review));
      } else if (path.equals("/apis/authorization.k8s.io/v1/subjectaccessreviews")) {
        count("subjectaccessreviews", in);
        send(ex, 201, subjectAccessReview((ObjectNode) review));
      } else {
        send(ex, 404, status(404, "NotFound", "the server could not find the requested resource"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(ex, 400, status(400, "BadRequest", e.toString()));
    }
  }

  private void count(String kind, byte[] body) {
    calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    bodies.add(new String(body, StandardCharsets.UTF_8));
  }

  private ObjectNode tokenReview(ObjectNode review) {
    String token = review.path("spec").path("token").asText();
    ObjectNode status = review.putObject("status");
    KnownToken t = tokens.get(token);
    List<String> wanted = new ArrayList<>();
    review.path("spec").path("audiences").forEach(a -> wanted.add(a.asText()));
    if (t == null) {
      status.put("authenticated", false);
      // the real API server's errors can quote what it was given; the library must not pass it on
      status.put("error", "[invalid bearer token, token " + token + " lookup failed]");
      return review;
    }
    List<String> auds = wanted.isEmpty() ? t.audiences() : wanted.stream().filter(t.audiences()::contains).toList();
    if (auds.isEmpty()) {
      status.put("authenticated", false);
      status.put("error", "token audiences don't match");
      return review;
    }
    status.put("authenticated", true);
    ObjectNode user = status.putObject("user");
    user.put("username", t.username());
    user.put("uid", t.uid());
    ArrayNode g = user.putArray("groups");
    t.groups().forEach(g::add);
    ObjectNode extra = user.putObject("extra");
    t.extra().forEach((k, v) -> {
      ArrayNode a = extra.putArray(k);
      v.forEach(a::add);
    });
    ArrayNode a = status.putArray("audiences");
    auds.forEach(a::add);
    return review;
  }

  private ObjectNode subjectAccessReview(ObjectNode review) {
    JsonNode spec = review.path("spec");
    String user = spec.path("user").asText();
    List<String> groups = new ArrayList<>();
    spec.path("groups").forEach(x -> groups.add(x.asText()));
    JsonNode ra = spec.path("resourceAttributes");
    JsonNode nra = spec.path("nonResourceAttributes");
    ObjectNode status = review.putObject("status");
    synchronized (bindings) {
      for (Binding b : bindings) {
        boolean subject = b.users().contains(user) || b.groups().stream().anyMatch(groups::contains);
        if (!subject) {
          continue;
        }
        for (Rule r : b.rules()) {
          boolean ok;
          if (!ra.isMissingNode()) {
            String ns = ra.path("namespace").asText("");
            ok = (b.namespace() == null || b.namespace().equals(ns))
                && has(r.apiGroups(), ra.path("group").asText("")) && has(r.resources(), resourceOf(ra))
                && has(r.verbs(), ra.path("verb").asText(""))
                && (r.resourceNames().isEmpty() || r.resourceNames().contains(ra.path("name").asText("")));
          } else {
            ok = b.namespace() == null && has(r.verbs(), nra.path("verb").asText(""))
                && r.nonResourceUrls().stream().anyMatch(u -> u.equals(nra.path("path").asText()) || u.equals("*")
                    || u.endsWith("*") && nra.path("path").asText().startsWith(u.substring(0, u.length() - 1)));
          }
          if (ok) {
            status.put("allowed", true);
            status.put("reason", "RBAC: allowed by RoleBinding \"" + b.name() + "/" + b.namespace() + "\" to \""
                + user + "\"");
            return review;
          }
        }
      }
    }
    status.put("allowed", false);
    return review;
  }

  private static String resourceOf(JsonNode ra) {
    String sub = ra.path("subresource").asText("");
    return ra.path("resource").asText("") + (sub.isEmpty() ? "" : "/" + sub);
  }

  private static boolean has(List<String> allowed, String v) {
    return allowed.contains("*") || allowed.contains(v);
  }

  private static ObjectNode status(int code, String reason, String message) {
    ObjectNode s = JSON.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    s.put("code", code);
    return s;
  }

  private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    byte[] out = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
