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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kserveauth.authz.CheckRequest;
import dev.kserveauth.authz.ExternalAuthorizer;
import dev.kserveauth.authz.ExternalDecision;
import dev.kserveauth.http.ErrorResponse;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.authn.Principal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides a request with a Kubernetes SubjectAccessReview ({@code authorization.k8s.io/v1}), as
 * kube-rbac-proxy does for an auth-enabled InferenceService: "may this caller {@code get}
 * InferenceService {@code <model>} in {@code <namespace>}?". The attributes come from
 * kube-rbac-proxy's own configuration ({@link KubeRbacProxyConfig}) or KServe's defaults; the caller
 * is the {@link KubernetesUser} of the verified principal.
 *
 * <pre>{@code
 * KubernetesApi api = KubernetesApi.inCluster();
 * SubjectAccessReviewAuthorizer sar = SubjectAccessReviewAuthorizer.builder(api)
 *     .configFile(Path.of("/etc/kube-rbac-proxy/config-file.yaml"))   // or KServe's defaults
 *     .build();
 * KServeAuth auth = KServeAuth.builder()
 *     .authenticator(authenticator)
 *     .policies(Path.of("policies/"))          // a CUSTOM policy: provider: {name: kubernetes-rbac}
 *     .authorizer(SubjectAccessReviewAuthorizer.PROVIDER_NAME, sar)
 *     .build();
 * }</pre>
 *
 * <p>As an {@link ExternalAuthorizer} it allows, or denies with the status of {@link Result} and a
 * {@code text/plain} body saying why ({@code Retry-After} with 503, {@code WWW-Authenticate: Bearer}
 * with 401).
 *
 * <p>Caching follows Kubernetes' delegating authorizer: an allowed answer is kept 5 minutes, a
 * denied one 30 seconds, never longer than the caller's token is valid. The cache is bounded and
 * keyed by the whole user (username, uid, groups, extra) and the whole attributes; N concurrent
 * identical checks make one review. A failed review (connection, timeout, TLS, HTTP error,
 * malformed answer) is never cached: the request is refused with 503 and {@code Retry-After}; a 429
 * is honoured by not calling the API server again until its {@code Retry-After} has passed.
 * Thread-safe; build once.
 *
 * @since 0.1
 */
public final class SubjectAccessReviewAuthorizer implements ExternalAuthorizer {

  /** The provider name KServe-style CUSTOM policies use: {@code provider: {name: kubernetes-rbac}}. */
  public static final String PROVIDER_NAME = "kubernetes-rbac";

  /** In an attribute of the configuration, the request's KServe model (KServe's default {@code name}). */
  public static final String MODEL_NAME = "{{.Model}}";
  /** The default time an allowed answer is kept (Kubernetes' delegating authorizer). */
  public static final Duration DEFAULT_ALLOW_TTL = Duration.ofMinutes(5);
  /** The default time a denied answer is kept. */
  public static final Duration DEFAULT_DENY_TTL = Duration.ofSeconds(30);

  static final String PATH = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  private static final String MALFORMED = "Bad Request. The request or configuration is malformed.";

  private final KubeRbacProxyConfig config;
  private final String staticVerb;
  /** The resource attributes' templates, compiled ({@link KubeRbacProxyConfig.ResourceAttributes#templated}). */
  private final ValueTemplate[] templates;
  private final Duration allowTtl;
  private final Duration denyTtl;
  private final Clock clock;
  private final ReviewCalls calls;
  private final AsyncCache<Key, Review> cache;
  /** The user of each principal instance (the validated-token cache hands out the same one per token). */
  private final com.github.benmanes.caffeine.cache.Cache<Principal, Optional<KubernetesUser>> users =
      Caffeine.newBuilder().weakKeys().maximumSize(10_000).executor(Runnable::run).build();

  /**
   * The attributes of one review.
   *
   * @param resourceRequest a resource review (else a non-resource one)
   * @param namespace the namespace
   * @param verb the verb
   * @param group the API group
   * @param version the API version
   * @param resource the resource
   * @param subresource the subresource
   * @param name the object name
   * @param path the path of a non-resource review
   */
  public record Attributes(boolean resourceRequest, String namespace, String verb, String group, String version,
      String resource, String subresource, String name, String path) {}

  /**
   * The outcome for one request.
   *
   * @param allowed whether the request may proceed
   * @param status 200, or the status to refuse with: 400 (rewrites without a value), 401 (no caller),
   *     403 (denied, or not a Kubernetes identity), 503 (the API server could not be asked)
   * @param reason why, safe to show the caller (never a token)
   * @param retryAfter with 503, how long the caller should wait; else {@code null}
   */
  public record Result(boolean allowed, int status, String reason, Duration retryAfter) {}

  private record Key(KubernetesUser user, Attributes attributes) {}

  /** An answer, or the failure to get one (kept only while in flight: it expires at once and is removed). */
  private record Review(boolean allowed, String reason, Instant notAfter, ApiUnavailableException error) {}

  SubjectAccessReviewAuthorizer(SubjectAccessReviewAuthorizerBuilder b) {
    this.config = b.config != null ? b.config : KubeRbacProxyConfig.kserveDefaults(namespaceOf(b));
    this.staticVerb = b.verb != null ? b.verb
        : config.resourceAttributes() != null && !config.resourceAttributes().verb().isEmpty()
            ? config.resourceAttributes().verb() : null;
    KubeRbacProxyConfig.ResourceAttributes ra = config.resourceAttributes();
    this.templates = ra == null ? null : ra.templated().stream()
        .map(t -> ValueTemplate.compile(t, config.rewrites() != null)).toArray(ValueTemplate[]::new);
    this.allowTtl = b.allowTtl;
    this.denyTtl = b.denyTtl;
    this.clock = b.clock;
    this.calls = new ReviewCalls(b.api, PATH, "SubjectAccessReview", clock);
    this.cache = ReviewCalls.answerCache(b.maxEntries, clock, this::lifetime);
  }

  private static String namespaceOf(SubjectAccessReviewAuthorizerBuilder b) {
    String ns = b.namespace != null ? b.namespace : b.api.namespace();
    if (ns == null) {
      throw new IllegalStateException("KServe's default SubjectAccessReview needs the pod's namespace: not found in "
          + "the service-account mount; set it (namespace(...)) or give kube-rbac-proxy's configuration");
    }
    return ns;
  }

  private long lifetime(Review r) {
    if (r.error() != null) {
      return 0;
    }
    Duration ttl = r.allowed() ? allowTtl : denyTtl;
    if (r.notAfter() != null) {
      Duration left = Duration.between(clock.instant(), r.notAfter());
      if (left.compareTo(ttl) < 0) {
        ttl = left.isNegative() ? Duration.ZERO : left;
      }
    }
    return ttl.toNanos();
  }

  /**
   * A builder; without {@link SubjectAccessReviewAuthorizerBuilder#config} it applies KServe's defaults in the API's namespace.
   *
   * @param api the API server to ask
   * @return the builder
   */
  public static SubjectAccessReviewAuthorizerBuilder builder(KubernetesApi api) {
    return new SubjectAccessReviewAuthorizerBuilder(api);
  }

  /**
   * The configuration in use (kube-rbac-proxy's, or KServe's defaults).
   *
   * @return the configuration
   */
  public KubeRbacProxyConfig config() {
    return config;
  }

  /**
   * Counters since this authorizer was built. Cheap, safe from any thread; the counters are read
   * one by one, so under load they are not one consistent snapshot.
   *
   * @return the counters now
   */
  public KubernetesReviewStats stats() {
    return calls.stats(cache.synchronous().estimatedSize());
  }

  /**
   * The attributes kube-rbac-proxy would review for this request (empty: a rewrite found no value).
   *
   * @param request the request (method, query parameters and headers are read)
   * @param path the normalized path
   * @param model the request's KServe model, or {@code null}
   * @return the attributes, all of which must be allowed
   */
  public List<Attributes> attributes(RequestView request, String path, String model) {
    return attributes(request.method(), path, request.queryParams(), request.headers(), model);
  }

  private List<Attributes> attributes(String method, String path, Map<String, List<String>> query,
      Map<String, List<String>> headers, String model) {
    String verb = staticVerb != null ? staticVerb : verbOf(method);
    if (templates == null) {
      return List.of(new Attributes(false, "", verb, "", "", "", "", "", path));
    }
    if (config.rewrites() == null) {
      return List.of(resource(verb, null, model));
    }
    List<String> params = new ArrayList<>();
    KubeRbacProxyConfig.Rewrites rw = config.rewrites();
    if (!rw.queryParameter().isEmpty()) {
      params.addAll(query.getOrDefault(rw.queryParameter(), List.of()));
    }
    if (!rw.httpHeader().isEmpty()) {
      params.addAll(headers.getOrDefault(rw.httpHeader().toLowerCase(java.util.Locale.ROOT), List.of()));
    }
    List<Attributes> out = new ArrayList<>(params.size());
    for (String p : params) {
      out.add(resource(verb, p, model));
    }
    return out;
  }

  private Attributes resource(String verb, String value, String model) {
    ValueTemplate[] t = templates;
    return new Attributes(true, t[0].render(value, model), verb, t[1].render(value, model), t[2].render(value, model),
        t[3].render(value, model), t[4].render(value, model), t[5].render(value, model), "");
  }

  /** kube-rbac-proxy's method → verb: POST create, GET get, PUT update, PATCH patch, DELETE delete, else empty. */
  static String verbOf(String method) {
    return switch (method) {
      case "POST" -> "create";
      case "GET" -> "get";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "";
    };
  }

  /**
   * Decides one request. Never completes exceptionally.
   *
   * @param principal the verified caller, or {@code null} when anonymous
   * @param request the request
   * @param path the normalized path
   * @param model the request's KServe model, or {@code null}
   * @return the outcome
   */
  public CompletionStage<Result> authorize(Principal principal, RequestView request, String path, String model) {
    return authorize(principal, request.method(), path, request.queryParams(), request.headers(), model);
  }

  /**
   * Asked by the facade for a request a CUSTOM policy naming this provider matched. Never fails.
   *
   * @param request the request as routed
   * @return allow, or deny with the status, headers and body of the {@link Result}
   */
  @Override
  public CompletionStage<ExternalDecision> check(CheckRequest request) {
    // the query is parsed only for a rewrite that reads it (kube-rbac-proxy's byQueryParameter)
    boolean readsQuery = config.rewrites() != null && !config.rewrites().queryParameter().isEmpty();
    return authorize(request.principal(), request.method(), request.path(),
        readsQuery ? QueryStrings.parse(request.query()) : Map.of(), request.headers(), request.route().model())
        .thenApply(SubjectAccessReviewAuthorizer::decision);
  }

  private static final ExternalDecision ALLOW = ExternalDecision.allow();

  static ExternalDecision decision(Result r) {
    if (r.allowed()) {
      return ALLOW;
    }
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    headers.put("content-type", List.of("text/plain; charset=utf-8"));
    if (r.status() == 401) {
      headers.put("www-authenticate", List.of("Bearer"));
    }
    if (r.retryAfter() != null) {
      headers.put("retry-after", List.of(Long.toString(ErrorResponse.retryAfterSeconds(r.retryAfter()))));
    }
    return ExternalDecision.deny(r.status(), headers,
        (r.reason() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), r.reason());
  }

  private CompletionStage<Result> authorize(Principal principal, String method, String path,
      Map<String, List<String>> query, Map<String, List<String>> headers, String model) {
    try {
      if (principal == null) {
        return done(new Result(false, 401, "Unauthorized", null));
      }
      KubernetesUser user = users.get(principal, KubernetesUser::of).orElse(null);
      if (user == null) {
        return done(new Result(false, 403, "Forbidden: the caller is not a Kubernetes identity (a service-account "
            + "token or a TokenReview-authenticated token is needed)", null));
      }
      List<Attributes> all = attributes(method, path, query, headers, model);
      if (all.isEmpty()) {
        return done(new Result(false, 400, MALFORMED, null));
      }
      return check(user, principal.expiresAt(), all, 0);
    } catch (RuntimeException e) {
      return done(new Result(false, 503, "authorization is unavailable", ReviewCalls.DEFAULT_RETRY_AFTER));
    }
  }

  /** AND over the attributes, in order; the first denial answers. */
  private CompletionStage<Result> check(KubernetesUser user, Instant notAfter, List<Attributes> all, int i) {
    Attributes a = all.get(i);
    for (KubeRbacProxyConfig.StaticRule s : config.staticRules()) {
      if (s.matches(user, a)) {
        return next(user, notAfter, all, i);
      }
    }
    Key key = new Key(user, a);
    CompletableFuture<Review> present = cache.getIfPresent(key);
    if (present != null) {
      calls.cacheHits.increment();
    }
    CompletableFuture<Review> f = present != null ? present : cache.get(key, (k, executor) -> review(k, notAfter));
    if (f.isDone()) {
      return decided(user, notAfter, all, i, f.join()); // the cache-hit path: no stage chaining
    }
    return f.thenCompose(r -> decided(user, notAfter, all, i, r));
  }

  private CompletionStage<Result> decided(KubernetesUser user, Instant notAfter, List<Attributes> all, int i, Review r) {
    if (r.error() != null) {
      return done(unavailable(r.error()));
    }
    if (!r.allowed()) {
      Attributes a = all.get(i);
      String msg = "Forbidden (user=" + user.username() + ", verb=" + a.verb() + ", resource=" + a.resource()
          + ", subresource=" + a.subresource() + ")" + (r.reason().isEmpty() ? "" : ": " + r.reason());
      return done(new Result(false, 403, msg, null));
    }
    return next(user, notAfter, all, i);
  }

  private CompletionStage<Result> next(KubernetesUser user, Instant notAfter, List<Attributes> all, int i) {
    return i + 1 < all.size() ? check(user, notAfter, all, i + 1) : done(ALLOWED);
  }

  private static final Result ALLOWED = new Result(true, 200, "allowed by a Kubernetes SubjectAccessReview", null);

  private static Result unavailable(ApiUnavailableException err) {
    Duration wait = err.retryAfter();
    return new Result(false, 503, "authorization is unavailable: the Kubernetes API server could not be asked; retry later",
        wait);
  }

  private static CompletionStage<Result> done(Result r) {
    return CompletableFuture.completedFuture(r);
  }

  private CompletableFuture<Review> review(Key k, Instant notAfter) {
    CompletableFuture<Review> f = calls.post(body(k.user(), k.attributes())).thenApply(status -> {
      boolean allowed = status.path("allowed").asBoolean(false);
      if (allowed) {
        calls.allowed.increment();
      } else {
        calls.denied.increment();
      }
      return new Review(allowed, Sanitizer.reason(status.path("reason").asText(""), null), notAfter, null);
    }).exceptionally(e -> new Review(false, "", null, calls.unwrap(e)));
    // a failure is never kept: gone as soon as the callers waiting for it have it
    f.thenAccept(r -> {
      if (r.error() != null) {
        cache.asMap().remove(k, f);
      }
    });
    return f;
  }

  /** The review exactly as the Kubernetes API reference shapes it; empty fields left out (Go's omitempty). */
  static ObjectNode body(KubernetesUser user, Attributes a) {
    ObjectNode root = ReviewCalls.JSON.createObjectNode();
    root.put("apiVersion", "authorization.k8s.io/v1");
    root.put("kind", "SubjectAccessReview");
    ObjectNode spec = root.putObject("spec");
    if (a.resourceRequest()) {
      ObjectNode r = spec.putObject("resourceAttributes");
      putIf(r, "namespace", a.namespace());
      putIf(r, "verb", a.verb());
      putIf(r, "group", a.group());
      putIf(r, "version", a.version());
      putIf(r, "resource", a.resource());
      putIf(r, "subresource", a.subresource());
      putIf(r, "name", a.name());
    } else {
      ObjectNode n = spec.putObject("nonResourceAttributes");
      putIf(n, "path", a.path());
      putIf(n, "verb", a.verb());
    }
    spec.put("user", user.username());
    if (!user.groups().isEmpty()) {
      ArrayNode g = spec.putArray("groups");
      user.groups().forEach(g::add);
    }
    if (!user.extra().isEmpty()) {
      ObjectNode e = spec.putObject("extra");
      for (Map.Entry<String, List<String>> x : user.extra().entrySet()) {
        ArrayNode v = e.putArray(x.getKey());
        x.getValue().forEach(v::add);
      }
    }
    putIf(spec, "uid", user.uid());
    return root;
  }

  private static void putIf(ObjectNode n, String k, String v) {
    if (v != null && !v.isEmpty()) {
      n.put(k, v);
    }
  }

}
