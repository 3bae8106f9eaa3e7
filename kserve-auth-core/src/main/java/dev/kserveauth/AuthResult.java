package dev.kserveauth;

import dev.kserveauth.http.ErrorBody;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.token.AuthenticationOutcome;
import dev.kserveauth.token.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an adapter must do with one request, as {@link KServeAuth#authorize} decided it: either
 * {@link Proceed} (hand the request to the application, with the principal attached and headers
 * adjusted) or {@link Reject} (write exactly this status, these headers and this body).
 *
 * <pre>{@code
 * AuthResult result = auth.authorize(view);
 * if (result instanceof AuthResult.Reject r) {
 *   write(response, r.status(), r.headers(), r.body());
 * } else if (result instanceof AuthResult.Proceed p) {
 *   chain.doFilter(wrap(request, p), response);
 * }
 * }</pre>
 */
public sealed interface AuthResult permits AuthResult.Proceed, AuthResult.Reject {

  /** How authentication ended (anonymous, authenticated, failed). */
  AuthenticationOutcome authentication();

  /** The decision (a synthetic ALLOW for public paths and CORS preflights, a DENY for rejects before the engine). */
  Decision decision();

  /** The normalized path decided on, or the raw path when the path itself was rejected. */
  String path();

  /** Whether the request may go on to the application. */
  default boolean allowed() {
    return this instanceof Proceed;
  }

  /** The verified principal, or {@code null}. */
  default Principal principal() {
    return authentication() instanceof AuthenticationOutcome.Authenticated a ? a.principal() : null;
  }

  /**
   * Continue to the application.
   *
   * @param authentication the authentication outcome
   * @param decision the ALLOW decision
   * @param path the normalized path
   * @param headersToRemove lower-case header names to remove before the application sees the request
   *     (incoming copies of output headers, and the token header when {@code forwardOriginalToken} is false)
   * @param headersToSet headers to set (from {@code outputClaimToHeaders} / {@code outputPayloadToHeader})
   * @param queryParamsToRemove query parameters to remove (the token's, when {@code forwardOriginalToken} is false)
   */
  record Proceed(AuthenticationOutcome authentication, Decision decision, String path,
      Set<String> headersToRemove, Map<String, String> headersToSet, Set<String> queryParamsToRemove)
      implements AuthResult {
    public Proceed {
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(path, "path");
      headersToRemove = Set.copyOf(headersToRemove);
      headersToSet = Collections.unmodifiableMap(new LinkedHashMap<>(headersToSet));
      queryParamsToRemove = Set.copyOf(queryParamsToRemove);
    }
  }

  /**
   * Answer the caller now.
   *
   * @param authentication the authentication outcome
   * @param decision the DENY decision
   * @param path the normalized (or raw) path
   * @param status 400, 401, 403, 413 or 500
   * @param headers response headers in order ({@code WWW-Authenticate}, {@code Content-Type})
   * @param body the JSON error body ({@link ErrorBody})
   */
  record Reject(AuthenticationOutcome authentication, Decision decision, String path, int status,
      Map<String, String> headers, byte[] body) implements AuthResult {
    public Reject {
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(path, "path");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Safe to log: status and decision reasons. */
    @Override
    public String toString() {
      return "Reject[status=" + status + ", path=" + path + ", reasons=" + decision.reasons() + "]";
    }
  }
}
