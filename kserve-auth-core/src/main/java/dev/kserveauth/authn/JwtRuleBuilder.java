package dev.kserveauth.authn;

import static dev.kserveauth.authn.JwtRule.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Fluent builder; every list setter adds. */
public final class JwtRuleBuilder {
  final String issuer;
  private final List<String> audiences = new ArrayList<>();
  Keys keys;
  private final List<HeaderLocation> headers = new ArrayList<>();
  private final List<String> params = new ArrayList<>();
  private final List<String> cookies = new ArrayList<>();
  private final List<ClaimToHeader> claimHeaders = new ArrayList<>();
  String payloadHeader;
  boolean forward;
  Duration timeout;
  Validation validation = Validation.DEFAULTS;
  String origin = "builder";

  JwtRuleBuilder(String issuer) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  private JwtRuleBuilder keys(Keys k) {
    if (keys != null) {
      throw new IllegalStateException("keys were already set to " + keys);
    }
    keys = k;
    return this;
  }

  public JwtRuleBuilder jwksUri(String uri) {
    return keys(new Keys.JwksUri(uri));
  }

  public JwtRuleBuilder discovery() {
    return keys(new Keys.Discovery(null));
  }

  public JwtRuleBuilder discovery(String discoveryUrl) {
    return keys(new Keys.Discovery(discoveryUrl));
  }

  public JwtRuleBuilder jwks(String inlineJwksJson) {
    return keys(new Keys.InlineJwks(inlineJwksJson));
  }

  public JwtRuleBuilder pem(String... pems) {
    return keys(new Keys.Pem(List.of(pems)));
  }

  public JwtRuleBuilder hmacSecret(String kid, byte[] secret) {
    return keys(new Keys.HmacSecret(kid, secret, "builder"));
  }

  /** For loaders: an HMAC secret with a description of where it came from (never the value). */
  public JwtRuleBuilder hmacSecret(String kid, byte[] secret, String reference) {
    return keys(new Keys.HmacSecret(kid, secret, reference));
  }

  /** The in-cluster Kubernetes issuer with the default API server, CA file and token file. */
  public JwtRuleBuilder kubernetes() {
    return keys(new Keys.Kubernetes(null, null, null));
  }

  public JwtRuleBuilder kubernetes(String apiServer, Path caFile, Path tokenFile) {
    return keys(new Keys.Kubernetes(apiServer, caFile, tokenFile));
  }

  public JwtRuleBuilder audiences(String... values) {
    audiences.addAll(List.of(values));
    return this;
  }

  public JwtRuleBuilder fromHeader(String name, String prefix) {
    headers.add(new HeaderLocation(name, prefix));
    return this;
  }

  public JwtRuleBuilder fromParam(String name) {
    params.add(name);
    return this;
  }

  public JwtRuleBuilder fromCookie(String name) {
    cookies.add(name);
    return this;
  }

  public JwtRuleBuilder outputClaimToHeader(String header, String claim) {
    claimHeaders.add(new ClaimToHeader(header, claim));
    return this;
  }

  public JwtRuleBuilder outputPayloadToHeader(String header) {
    payloadHeader = header;
    return this;
  }

  public JwtRuleBuilder forwardOriginalToken(boolean value) {
    forward = value;
    return this;
  }

  public JwtRuleBuilder timeout(Duration value) {
    timeout = value;
    return this;
  }

  public JwtRuleBuilder validation(Validation value) {
    validation = Objects.requireNonNull(value, "validation");
    return this;
  }

  public JwtRuleBuilder origin(String value) {
    origin = value;
    return this;
  }

  public JwtRule build() {
    return new JwtRule(issuer, audiences, keys == null ? new Keys.Discovery(null) : keys, headers, params, cookies,
        claimHeaders, payloadHeader, forward, timeout, validation, origin);
  }
}
