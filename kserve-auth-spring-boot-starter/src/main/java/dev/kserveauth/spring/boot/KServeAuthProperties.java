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
package dev.kserveauth.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The {@code kserve.auth.*} properties of the starter. The auto-configuration is active when
 * {@code kserve.auth.enabled} is not {@code false} and {@code kserve.auth.policies} names at least one
 * file or directory.
 *
 * <pre>{@code
 * kserve.auth.request-authentication=/etc/kserve-auth/request-authentication.yaml
 * kserve.auth.policies=/etc/kserve-auth/policies
 * kserve.auth.public-paths=/health,/actuator/health/**
 * }</pre>
 *
 * @since 0.1
 */
@ConfigurationProperties(prefix = KServeAuthProperties.PREFIX)
public class KServeAuthProperties {

  /** The properties' prefix. */
  public static final String PREFIX = "kserve.auth";

  /** The default order of the servlet filter and of the WebFlux filter: before Spring Security's (-100) and before anything reads the body. */
  public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** Whether kserve-auth protects the application (it also needs {@code kserve.auth.policies}). */
  private boolean enabled = true;

  /**
   * Istio RequestAuthentication (or kserve-auth IssuerConfig) YAML files: which issuers' tokens count
   * and where they are found. Required when the starter is active.
   */
  private List<Path> requestAuthentication = new ArrayList<>();

  /**
   * AuthorizationPolicy files or directories (Istio or the compact format, multi-document YAML). An
   * invalid file stops startup naming file and line.
   */
  private List<Path> policies = new ArrayList<>();

  /** Whether the policy files are watched and reloaded when they change (a failed reload keeps the set in force). */
  private boolean watchPolicies = true;

  /** How often the policy files are checked for changes. */
  private Duration reloadInterval = Duration.ofSeconds(2);

  /**
   * Paths that skip authentication and authorization entirely, matched as policy {@code paths} are
   * (exact, {@code prefix*}, {@code *suffix}, {@code {*}} / {@code {**}} templates).
   */
  private List<String> publicPaths = new ArrayList<>();

  /** The realm of every WWW-Authenticate challenge. */
  private String realm = "kserve";

  /** The largest request body read for a decision (OpenAI-compatible routes name their model in it); larger gets 413. */
  private DataSize maxBodySize = DataSize.ofMegabytes(1);

  /** How long a body the decision needs may take to arrive; slower gets 408. */
  private Duration bodyTimeout = Duration.ofSeconds(10);

  /**
   * Which provider verifies token signatures: {@code auto} (the native Amazon Corretto Crypto Provider
   * when it is on the class path and loads, else the JDK) or {@code off} (the JDK's providers only).
   */
  private SignatureProviderMode signatureProvider = SignatureProviderMode.AUTO;

  /** Whether a start without any enforcing policy (which allows every request) is intended. */
  private boolean allowAllWithoutPolicy;

  /** Whether CORS preflights reach the application without a policy decision (see docs/security.md). */
  private boolean skipCorsPreflight;

  /** The order of the servlet filter registration and of the WebFlux {@code WebFilter}. */
  private int filterOrder = DEFAULT_FILTER_ORDER;

  private final Audit audit = new Audit();

  private final Health health = new Health();

  private final Metrics metrics = new Metrics();

  private final Security security = new Security();

  private final Kubernetes kubernetes = new Kubernetes();

  /** The provider choice for signature verification. */
  public enum SignatureProviderMode {
    /** The native provider when present and loadable, else the JDK. */
    AUTO,
    /** The JDK's providers only. */
    OFF
  }

  /** {@code kserve.auth.audit.*}: what every audit event carries. */
  public static class Audit {
    /** Claims (dotted paths) copied into every audit event, e.g. team, email. */
    private List<String> claims = new ArrayList<>();

    /** Audited claims whose value is written as [REDACTED]. */
    private List<String> redact = new ArrayList<>();

    /** @return the audited claims */
    public List<String> getClaims() {
      return claims;
    }

    /** @param claims the audited claims */
    public void setClaims(List<String> claims) {
      this.claims = claims;
    }

    /** @return the redacted claims */
    public List<String> getRedact() {
      return redact;
    }

    /** @param redact the redacted claims */
    public void setRedact(List<String> redact) {
      this.redact = redact;
    }
  }

  /** {@code kserve.auth.health.*}: the Actuator health contributor. */
  public static class Health {
    /** Whether the kserve-auth health contributor is registered (when Actuator is present). */
    private boolean enabled = true;

    /**
     * Whether an issuer whose keys cannot be used (no successful fetch, or stale past the stale-if-error
     * window) makes the health OUT_OF_SERVICE. Off by default: the details always show it.
     */
    private boolean keySourcesAffectStatus;

    /** @return whether the contributor is registered */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the contributor is registered */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return whether failing key sources make the status OUT_OF_SERVICE */
    public boolean isKeySourcesAffectStatus() {
      return keySourcesAffectStatus;
    }

    /** @param keySourcesAffectStatus whether failing key sources make the status OUT_OF_SERVICE */
    public void setKeySourcesAffectStatus(boolean keySourcesAffectStatus) {
      this.keySourcesAffectStatus = keySourcesAffectStatus;
    }
  }

  /** {@code kserve.auth.metrics.*}: the Micrometer meters. */
  public static class Metrics {
    /** Whether kserve-auth's meters are registered on the application's MeterRegistry. */
    private boolean enabled = true;

    /** How many distinct role labels rbac_role_usage_total gets at most (later roles count as "other"). */
    private int maxRoleLabels = 64;

    /** @return whether the meters are registered */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the meters are registered */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the bound on role labels */
    public int getMaxRoleLabels() {
      return maxRoleLabels;
    }

    /** @param maxRoleLabels the bound on role labels */
    public void setMaxRoleLabels(int maxRoleLabels) {
      this.maxRoleLabels = maxRoleLabels;
    }
  }

  /** {@code kserve.auth.security.*}: the Spring Security integration (when Spring Security is present). */
  public static class Security {
    /** Whether the allowed principal becomes the Authentication of Spring Security's SecurityContext. */
    private boolean enabled = true;

    /** The prefix of the authorities made from the token's roles (permissions are authorities as they are). */
    private String rolePrefix = "ROLE_";

    /**
     * Whether, when the application declares no SecurityFilterChain of its own, the starter declares one
     * that leaves every decision to kserve-auth (permit all, no CSRF, no session) instead of Spring Boot's
     * default (form login, HTTP Basic, CSRF), which would refuse every model call.
     */
    private boolean defaultFilterChain = true;

    /** @return whether the starter declares a permit-all filter chain when the application has none */
    public boolean isDefaultFilterChain() {
      return defaultFilterChain;
    }

    /** @param defaultFilterChain whether the starter declares a permit-all filter chain when the application has none */
    public void setDefaultFilterChain(boolean defaultFilterChain) {
      this.defaultFilterChain = defaultFilterChain;
    }

    /** @return whether the SecurityContext is set */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the SecurityContext is set */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the role authority prefix */
    public String getRolePrefix() {
      return rolePrefix;
    }

    /** @param rolePrefix the role authority prefix */
    public void setRolePrefix(String rolePrefix) {
      this.rolePrefix = rolePrefix;
    }
  }

  /**
   * {@code kserve.auth.kubernetes.*}: Kubernetes RBAC in-process, as kube-rbac-proxy does it (needs
   * {@code dev.kserveauth:kserve-auth-kubernetes} on the class path). In a pod the API server, its CA,
   * this process's token and its namespace come from the environment and the service-account mount;
   * {@code api-url}, {@code ca-file}, {@code token-file} and {@code namespace} are for running outside a
   * cluster.
   */
  public static class Kubernetes {
    /**
     * kube-rbac-proxy's configuration file ({@code authorization:} with {@code resourceAttributes},
     * {@code rewrites}, {@code static}), unchanged: registers the SubjectAccessReview authorizer as the
     * provider {@code kubernetes-rbac}, which CUSTOM policies name as {@code provider: {name: kubernetes-rbac}}.
     */
    private Path authorization;

    /** Whether bearer tokens no jwtRules entry accepts are checked with a Kubernetes TokenReview. */
    private boolean tokenReview;

    /** The API server's https URL, outside a cluster (default: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT). */
    private String apiUrl;

    /** The PEM CA bundle the API server's certificate is checked against (goes with api-url; default: the service-account mount's ca.crt). */
    private Path caFile;

    /** The file holding this process's bearer token for the API server, re-read on every call (goes with api-url; default: the service-account mount's token). */
    private Path tokenFile;

    /** The namespace this process runs in, KServe's default SubjectAccessReview namespace (default: the service-account mount's namespace). */
    private String namespace;

    /** @return kube-rbac-proxy's configuration file, or {@code null} */
    public Path getAuthorization() {
      return authorization;
    }

    /** @param authorization kube-rbac-proxy's configuration file */
    public void setAuthorization(Path authorization) {
      this.authorization = authorization;
    }

    /** @return whether TokenReview checks the bearer tokens no jwtRules entry accepts */
    public boolean isTokenReview() {
      return tokenReview;
    }

    /** @param tokenReview whether TokenReview checks the bearer tokens no jwtRules entry accepts */
    public void setTokenReview(boolean tokenReview) {
      this.tokenReview = tokenReview;
    }

    /** @return the API server URL, or {@code null} in a pod */
    public String getApiUrl() {
      return apiUrl;
    }

    /** @param apiUrl the API server URL */
    public void setApiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
    }

    /** @return the API server's CA bundle, or {@code null} */
    public Path getCaFile() {
      return caFile;
    }

    /** @param caFile the API server's CA bundle */
    public void setCaFile(Path caFile) {
      this.caFile = caFile;
    }

    /** @return the token file, or {@code null} */
    public Path getTokenFile() {
      return tokenFile;
    }

    /** @param tokenFile the token file */
    public void setTokenFile(Path tokenFile) {
      this.tokenFile = tokenFile;
    }

    /** @return the namespace, or {@code null} */
    public String getNamespace() {
      return namespace;
    }

    /** @param namespace the namespace */
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }
  }

  /** @return whether kserve-auth is enabled */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether kserve-auth is enabled */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** @return the RequestAuthentication files */
  public List<Path> getRequestAuthentication() {
    return requestAuthentication;
  }

  /** @param requestAuthentication the RequestAuthentication files */
  public void setRequestAuthentication(List<Path> requestAuthentication) {
    this.requestAuthentication = requestAuthentication;
  }

  /** @return the policy files or directories */
  public List<Path> getPolicies() {
    return policies;
  }

  /** @param policies the policy files or directories */
  public void setPolicies(List<Path> policies) {
    this.policies = policies;
  }

  /** @return whether the policies are watched */
  public boolean isWatchPolicies() {
    return watchPolicies;
  }

  /** @param watchPolicies whether the policies are watched */
  public void setWatchPolicies(boolean watchPolicies) {
    this.watchPolicies = watchPolicies;
  }

  /** @return the reload interval */
  public Duration getReloadInterval() {
    return reloadInterval;
  }

  /** @param reloadInterval the reload interval */
  public void setReloadInterval(Duration reloadInterval) {
    this.reloadInterval = reloadInterval;
  }

  /** @return the public paths */
  public List<String> getPublicPaths() {
    return publicPaths;
  }

  /** @param publicPaths the public paths */
  public void setPublicPaths(List<String> publicPaths) {
    this.publicPaths = publicPaths;
  }

  /** @return the realm */
  public String getRealm() {
    return realm;
  }

  /** @param realm the realm */
  public void setRealm(String realm) {
    this.realm = realm;
  }

  /** @return the largest body read */
  public DataSize getMaxBodySize() {
    return maxBodySize;
  }

  /** @param maxBodySize the largest body read */
  public void setMaxBodySize(DataSize maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  /** @return the body timeout */
  public Duration getBodyTimeout() {
    return bodyTimeout;
  }

  /** @param bodyTimeout the body timeout */
  public void setBodyTimeout(Duration bodyTimeout) {
    this.bodyTimeout = bodyTimeout;
  }

  /** @return the signature provider choice */
  public SignatureProviderMode getSignatureProvider() {
    return signatureProvider;
  }

  /** @param signatureProvider the signature provider choice */
  public void setSignatureProvider(SignatureProviderMode signatureProvider) {
    this.signatureProvider = signatureProvider;
  }

  /** @return whether an allow-all start is intended */
  public boolean isAllowAllWithoutPolicy() {
    return allowAllWithoutPolicy;
  }

  /** @param allowAllWithoutPolicy whether an allow-all start is intended */
  public void setAllowAllWithoutPolicy(boolean allowAllWithoutPolicy) {
    this.allowAllWithoutPolicy = allowAllWithoutPolicy;
  }

  /** @return whether CORS preflights skip the decision */
  public boolean isSkipCorsPreflight() {
    return skipCorsPreflight;
  }

  /** @param skipCorsPreflight whether CORS preflights skip the decision */
  public void setSkipCorsPreflight(boolean skipCorsPreflight) {
    this.skipCorsPreflight = skipCorsPreflight;
  }

  /** @return the filter order */
  public int getFilterOrder() {
    return filterOrder;
  }

  /** @param filterOrder the filter order */
  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  /** @return the audit settings */
  public Audit getAudit() {
    return audit;
  }

  /** @return the health settings */
  public Health getHealth() {
    return health;
  }

  /** @return the metrics settings */
  public Metrics getMetrics() {
    return metrics;
  }

  /** @return the Spring Security settings */
  public Security getSecurity() {
    return security;
  }

  /** @return the Kubernetes RBAC settings */
  public Kubernetes getKubernetes() {
    return kubernetes;
  }
}
