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
package dev.kserveauth;

import dev.kserveauth.http.ErrorBody;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an adapter must do with one request, as {@link KServeAuth#authorize} decided it: either
 * {@link Proceed} (hand the request to the application, with the principal attached and headers
 * adjusted) or {@link Reject} (write exactly this status, these headers and this body). An adapter
 * that hands {@code authorize} a request without its body may also get {@link NeedsBody}: the caller
 * is authenticated, and the decision needs the model the body names; read the body (bounded) and call
 * {@link KServeAuth#authorizeWithBody}.
 *
 * <pre>{@code
 * AuthResult result = auth.authorize(view);
 * if (result instanceof AuthResult.Reject r) {
 *   write(response, r.status(), r.headers(), r.body());
 * } else if (result instanceof AuthResult.Proceed p) {
 *   chain.doFilter(wrap(request, p), response);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface AuthResult permits AuthResult.Proceed, AuthResult.Reject, AuthResult.NeedsBody {

  /**
   * How authentication ended (anonymous, authenticated, failed).
   *
   * @return the authentication outcome, never {@code null}
   */
  AuthenticationOutcome authentication();

  /**
   * The decision (a synthetic ALLOW for public paths and CORS preflights, a DENY for rejects before the engine).
   *
   * @return the decision, never {@code null}
   */
  Decision decision();

  /**
   * The normalized path decided on, or the raw path when the path itself was rejected.
   *
   * @return the path
   */
  String path();

  /**
   * Whether the request may go on to the application.
   *
   * @return {@code true} for {@link Proceed}
   */
  default boolean allowed() {
    return this instanceof Proceed;
  }

  /**
   * The verified principal, or {@code null}.
   *
   * @return the authenticated principal, or {@code null} when the request is anonymous or failed authentication
   */
  default Principal principal() {
    return authentication() instanceof AuthenticationOutcome.Authenticated a ? a.principal() : null;
  }

  /**
   * The HTTP status a transport answers a policy decision with: 200 for ALLOW; for DENY 401 when the
   * request carried no valid credentials, else 403. A {@link Decision} carries no status of its own.
   *
   * @param decision the engine's decision
   * @param authenticated whether the request was authenticated (a principal was decided on)
   * @return 200, 401 or 403
   * @since 0.1
   */
  static int statusOf(Decision decision, boolean authenticated) {
    return decision.allowed() ? 200 : authenticated ? 403 : 401;
  }

  /**
   * Continue to the application.
   *
   * @param authentication the authentication outcome
   * @param decision the ALLOW decision
   * @param path the normalized path
   * @param headersToRemove lower-case header names to remove before the application sees the request
   *     (incoming copies of output headers, and the token header when {@code forwardOriginalToken} is false)
   * @param headersToSet headers to set (from {@code outputClaimToHeaders} / {@code outputPayloadToHeader}),
   *     by lower-case name
   * @param queryParamsToRemove query parameters to remove (the token's, when {@code forwardOriginalToken} is false)
   * @param responseHeaders headers to add to the response the caller gets (an external authorizer's
   *     {@code headersToDownstreamOnAllow}); empty otherwise
   */
  record Proceed(AuthenticationOutcome authentication, Decision decision, String path,
      Set<String> headersToRemove, Map<String, String> headersToSet, Set<String> queryParamsToRemove,
      Map<String, String> responseHeaders)
      implements AuthResult {
    /**
     * Copies the collections, header names to set in lower case (as HTTP/2 and Envoy carry them);
     * {@code null} response headers become empty.
     *
     * @param authentication the authentication outcome
     * @param decision the ALLOW decision
     * @param path the normalized path
     * @param headersToRemove lower-case header names to remove before the application sees the request
     *     (incoming copies of output headers, and the token header when {@code forwardOriginalToken} is false)
     * @param headersToSet headers to set (from {@code outputClaimToHeaders} / {@code outputPayloadToHeader})
     * @param queryParamsToRemove query parameters to remove (the token's, when {@code forwardOriginalToken} is false)
     * @param responseHeaders headers to add to the response the caller gets (an external authorizer's
     *     {@code headersToDownstreamOnAllow}); empty otherwise
     * @throws NullPointerException if {@code authentication}, {@code decision} or {@code path} is {@code null}
     */
    public Proceed {
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(path, "path");
      headersToRemove = Set.copyOf(headersToRemove);
      headersToSet = headersToSet.isEmpty() ? Map.of() : lowerCaseNames(headersToSet);
      queryParamsToRemove = Set.copyOf(queryParamsToRemove);
      responseHeaders = responseHeaders == null || responseHeaders.isEmpty() ? Map.of()
          : Collections.unmodifiableMap(new LinkedHashMap<>(responseHeaders));
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
      Map<String, String> m = new LinkedHashMap<>();
      headers.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
      return Collections.unmodifiableMap(m);
    }

    /**
     * A result without response headers.
     *
     * @param authentication the authentication outcome
     * @param decision the ALLOW decision
     * @param path the normalized path
     * @param headersToRemove lower-case header names to remove before the application sees the request
     * @param headersToSet headers to set
     * @param queryParamsToRemove query parameters to remove
     */
    public Proceed(AuthenticationOutcome authentication, Decision decision, String path,
        Set<String> headersToRemove, Map<String, String> headersToSet, Set<String> queryParamsToRemove) {
      this(authentication, decision, path, headersToRemove, headersToSet, queryParamsToRemove, Map.of());
    }
  }

  /**
   * Answer the caller now.
   *
   * @param authentication the authentication outcome
   * @param decision the DENY decision
   * @param path the normalized (or raw) path
   * @param status 400, 401, 403, 408, 413, 500 or 503; or an external authorizer's own status (e.g. 302)
   * @param headers response headers in order ({@code WWW-Authenticate}, {@code Content-Type})
   * @param body the JSON error body ({@link ErrorBody})
   */
  record Reject(AuthenticationOutcome authentication, Decision decision, String path, int status,
      Map<String, String> headers, byte[] body) implements AuthResult {
    /**
     * Copies the headers and the body.
     *
     * @param authentication the authentication outcome
     * @param decision the DENY decision
     * @param path the normalized (or raw) path
     * @param status 400, 401, 403, 408, 413, 500 or 503; or an external authorizer's own status (e.g. 302)
     * @param headers response headers in order ({@code WWW-Authenticate}, {@code Content-Type})
     * @param body the JSON error body ({@link ErrorBody})
     * @throws NullPointerException if {@code authentication}, {@code decision}, {@code path}, {@code headers} or
     *     {@code body} is {@code null}
     */
    public Reject {
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(path, "path");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      body = body.clone();
    }

    /**
     * A refusal answered with {@code response} (see {@link dev.kserveauth.http.ErrorResponse}'s factories).
     *
     * @param authentication what authentication found
     * @param decision the decision
     * @param path the normalized path decided on
     * @param response status, headers and body
     */
    public Reject(AuthenticationOutcome authentication, Decision decision, String path,
        dev.kserveauth.http.ErrorResponse response) {
      this(authentication, decision, path, response.status(), response.headers(), response.body());
    }

    /**
     * The JSON error body.
     *
     * @return a fresh copy of the body bytes
     */
    @Override
    public byte[] body() {
      return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the body decoded as UTF-8
     */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Safe to log: status and decision reasons. */
    @Override
    public String toString() {
      return "Reject[status=" + status + ", path=" + path + ", reasons=" + decision.reasons() + "]";
    }
  }

  /**
   * The decision needs the request body (an OpenAI-compatible route names its model there, and a
   * policy reads {@code kserve.model}). Authentication is done: a missing or invalid token never gets
   * here, so no body is read for a caller who fails it. The adapter reads at most
   * {@link #maxBytes()} bytes within {@link #timeout()} without blocking a thread on a slow client,
   * then calls {@link KServeAuth#authorizeWithBody}; a larger body gets
   * {@link KServeAuth#bodyTooLarge} (413), a slower one {@link KServeAuth#bodyTimeout} (408). Not
   * {@link #allowed()}: an adapter that does not know this result fails closed.
   */
  final class NeedsBody implements AuthResult {
    private final AuthenticationOutcome authentication;
    private final Decision decision;
    private final String path;
    private final RequestView request;
    private final int maxBytes;
    private final java.time.Duration timeout;
    final long start;

    NeedsBody(AuthenticationOutcome authentication, Decision decision, String path, RequestView request,
        int maxBytes, java.time.Duration timeout, long start) {
      this.authentication = Objects.requireNonNull(authentication, "authentication");
      this.decision = Objects.requireNonNull(decision, "decision");
      this.path = Objects.requireNonNull(path, "path");
      this.request = Objects.requireNonNull(request, "request");
      this.maxBytes = maxBytes;
      this.timeout = timeout;
      this.start = start;
    }

    @Override
    public AuthenticationOutcome authentication() {
      return authentication;
    }

    /** A placeholder DENY ("the decision needs the request body"): nothing is decided yet. */
    @Override
    public Decision decision() {
      return decision;
    }

    @Override
    public String path() {
      return path;
    }

    /**
     * The request as handed to {@code authorize} (without body).
     *
     * @return the request view
     */
    public RequestView request() {
      return request;
    }

    /**
     * The most bytes to read; more is a 413.
     *
     * @return the limit in bytes
     */
    public int maxBytes() {
      return maxBytes;
    }

    /**
     * How long reading the whole body may take; longer is a 408.
     *
     * @return the longest total read time
     */
    public java.time.Duration timeout() {
      return timeout;
    }

    /** Safe to log. */
    @Override
    public String toString() {
      return "NeedsBody[path=" + path + ", maxBytes=" + maxBytes + ", timeout=" + timeout + "]";
    }
  }
}
