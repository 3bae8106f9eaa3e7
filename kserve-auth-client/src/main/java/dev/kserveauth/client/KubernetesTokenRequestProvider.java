package dev.kserveauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Gets short-lived, audience-bound service-account tokens from the Kubernetes TokenRequest API,
 * as {@code kubectl create token SA -n NS --audience=A --duration=1h} does:
 * {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{sa}/token} with
 * {@code spec.audiences} and {@code spec.expirationSeconds}.
 *
 * <p>The token is refreshed single-flight once 80% of its lifetime (measured from when the request
 * was sent to {@code status.expirationTimestamp}) has passed, the same rule the kubelet uses. The
 * API server may shorten the lifetime; the returned timestamp wins. The caller needs RBAC {@code
 * create} on {@code serviceaccounts/token}.
 *
 * <pre>{@code
 * TokenProvider tokens = KubernetesTokenRequestProvider.builder()
 *     .inCluster()                                  // API URL, CA and bearer from the pod
 *     .serviceAccount("default-editor")
 *     .audiences("istio-ingressgateway.istio-system.svc.cluster.local")
 *     .expiration(Duration.ofHours(1))
 *     .build();
 * }</pre>
 */
public final class KubernetesTokenRequestProvider implements TokenProvider {
  private static final MediaType JSON = MediaType.get("application/json");
  static final Path IN_CLUSTER_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final CachingTokenProvider cache;
  private final OkHttpClient http;
  private final HttpUrl url;
  private final TokenProvider apiBearer;
  private final List<String> audiences;
  private final long expirationSeconds;
  private final Clock clock;
  private final String subject;

  private KubernetesTokenRequestProvider(Builder b) {
    this.audiences = List.copyOf(b.audiences);
    this.expirationSeconds = b.expiration.toSeconds();
    this.clock = b.clock;
    this.apiBearer = b.apiBearer;
    this.subject = "serviceaccount " + b.namespace + "/" + b.serviceAccount;
    this.url = b.apiServer.newBuilder()
        .addPathSegments("api/v1/namespaces").addPathSegment(b.namespace)
        .addPathSegment("serviceaccounts").addPathSegment(b.serviceAccount).addPathSegment("token")
        .build();
    OkHttpClient.Builder hb = (b.http == null ? new OkHttpClient() : b.http).newBuilder()
        .callTimeout(b.timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (b.caFile != null) {
      Tls.trustOnly(hb, b.caFile);
    }
    this.http = hb.build();
    this.cache = CachingTokenProvider.builder(this::fetch).clock(b.clock).name("TokenRequest for " + subject).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AccessToken token() {
    return cache.token();
  }

  @Override
  public AccessToken refresh(String rejected) {
    return cache.refresh(rejected);
  }

  private AccessToken fetch() throws IOException {
    ObjectNode body = Tokens.JSON.createObjectNode();
    body.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
    ObjectNode spec = body.putObject("spec");
    audiences.forEach(spec.putArray("audiences")::add);
    spec.put("expirationSeconds", expirationSeconds);
    Request request = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + apiBearer.token().value())
        .header("Accept", "application/json")
        .post(RequestBody.create(Tokens.JSON.writeValueAsBytes(body), JSON))
        .build();
    Instant sent = clock.instant();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody rb = response.body();
      String text = rb == null ? "" : rb.string();
      if (!response.isSuccessful()) {
        String message = text;
        try {
          JsonNode status = Tokens.JSON.readTree(text);
          if (status != null && status.hasNonNull("message")) {
            message = status.get("message").asText();
          }
        } catch (IOException ignored) {
          // plain-text error body
        }
        throw new TokenProviderException("TokenRequest for " + subject + " failed: " + response.code() + " "
            + truncate(message));
      }
      JsonNode status = Tokens.JSON.readTree(text).path("status");
      String token = status.path("token").asText("");
      String expiration = status.path("expirationTimestamp").asText("");
      if (token.isEmpty() || expiration.isEmpty()) {
        throw new TokenProviderException("TokenRequest for " + subject
            + " answered without status.token or status.expirationTimestamp");
      }
      Instant expiresAt = OffsetDateTime.parse(expiration).toInstant();
      Duration lifetime = Duration.between(sent, expiresAt);
      Instant refreshAt = sent.plusMillis(lifetime.toMillis() * 8 / 10);
      return new AccessToken(token, expiresAt, refreshAt);
    } catch (IOException e) {
      throw new TokenProviderException("TokenRequest for " + subject + " to " + url.host() + " failed: " + e, e);
    }
  }

  private static String truncate(String s) {
    return s.length() > 512 ? s.substring(0, 512) + "…" : s;
  }

  @Override
  public String toString() {
    return "KubernetesTokenRequestProvider[" + subject + ", audiences=" + audiences + "]";
  }

  /** Builder for {@link KubernetesTokenRequestProvider}. */
  public static final class Builder {
    private HttpUrl apiServer;
    private Path caFile;
    private TokenProvider apiBearer;
    private String namespace;
    private String serviceAccount;
    private List<String> audiences = List.of();
    private Duration expiration = Duration.ofHours(1);
    private Duration timeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private OkHttpClient http;
    private Path inClusterToken;

    private Builder() {}

    /**
     * Uses the pod's own credentials: the API server at {@code
     * https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, the CA in {@code ca.crt}, the
     * bearer from the projected {@code token} file, and (unless set) the pod's namespace.
     */
    public Builder inCluster() {
      return inCluster(System.getenv(), IN_CLUSTER_DIR);
    }

    Builder inCluster(Map<String, String> env, Path saDir) {
      String host = env.get("KUBERNETES_SERVICE_HOST");
      String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
      if (host == null || host.isBlank()) {
        throw new IllegalStateException("inCluster(): KUBERNETES_SERVICE_HOST is not set; not running in a pod?");
      }
      apiServer(new HttpUrl.Builder().scheme("https").host(host).port(Integer.parseInt(port.strip())).build().toString());
      caCertificate(saDir.resolve("ca.crt"));
      inClusterToken = saDir.resolve("token"); // read with the builder's final clock, see build()
      if (namespace == null) {
        try {
          namespace = Files.readString(saDir.resolve("namespace"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new IllegalStateException("inCluster(): cannot read " + saDir.resolve("namespace") + ": " + e, e);
        }
      }
      return this;
    }

    /** Kubernetes API server base URL, e.g. {@code https://10.0.0.1:443}. */
    public Builder apiServer(String url) {
      this.apiServer = HttpUrl.get(url);
      return this;
    }

    /** PEM CA bundle that signed the API server's certificate. */
    public Builder caCertificate(Path caFile) {
      this.caFile = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /** Credentials for calling the API server. */
    public Builder bearer(TokenProvider apiBearer) {
      this.apiBearer = Objects.requireNonNull(apiBearer, "apiBearer");
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    public Builder serviceAccount(String serviceAccount) {
      this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
      return this;
    }

    /** Audiences the token is for ({@code kubectl create token --audience}). */
    public Builder audiences(String... audiences) {
      this.audiences = List.of(audiences);
      return this;
    }

    /** Requested lifetime ({@code --duration}; at least 10 minutes, default 1 hour). */
    public Builder expiration(Duration expiration) {
      if (expiration.compareTo(Duration.ofMinutes(10)) < 0) {
        throw new IllegalArgumentException("expiration must be at least 10 minutes (Kubernetes minimum): " + expiration);
      }
      this.expiration = expiration;
      return this;
    }

    /** Timeout of one TokenRequest call (default 10 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Base OkHttp client (shares its pool and dispatcher). */
    public Builder okHttpClient(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public KubernetesTokenRequestProvider build() {
      if (apiServer == null) {
        throw new IllegalStateException("apiServer is not set (or call inCluster())");
      }
      if (apiBearer == null && inClusterToken != null) {
        apiBearer = ServiceAccountTokenFileProvider.builder().path(inClusterToken).clock(clock).build();
      }
      if (apiBearer == null) {
        throw new IllegalStateException("bearer is not set (or call inCluster())");
      }
      if (namespace == null || namespace.isBlank()) {
        throw new IllegalStateException("namespace is not set");
      }
      if (serviceAccount == null || serviceAccount.isBlank()) {
        throw new IllegalStateException("serviceAccount is not set");
      }
      return new KubernetesTokenRequestProvider(this);
    }
  }
}
