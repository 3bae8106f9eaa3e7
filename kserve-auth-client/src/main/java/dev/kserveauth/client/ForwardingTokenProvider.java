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

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sends the inbound caller's own token (never this service's), with its {@code x-request-id} and
 * trace headers: the transformer → predictor hop KServe documents, so that the predictor's
 * authorization (kserve-auth, kube-rbac-proxy) sees the original caller. Without an inbound
 * token, {@link #token()} throws {@link TokenProviderException} naming why, and nothing is sent.
 * A 401 is not retried: another caller's token cannot be refreshed here.
 *
 * <pre>{@code
 * // servlet stack: register ServletForwarding as a filter; the client runs on the request's thread
 * KServeClient predictor = KServeClient.builder()
 *     .baseUrl("http://iris-predictor.ml-models.svc.cluster.local")
 *     .tokenProvider(ForwardingTokenProvider.servlet())
 *     .build();
 * // Vert.x: router.route().handler(VertxForwarding.handler()); then ForwardingTokenProvider.vertx()
 * }</pre>
 *
 * <p>The servlet and Vert.x sources are small adapter classes ({@link ServletForwarding},
 * {@link VertxForwarding}) loaded only when used: this module needs neither API at run time.
 *
 * @since 0.1
 */
public final class ForwardingTokenProvider implements TokenProvider {
  private final Supplier<ForwardedCredentials> source;
  private final String what;

  private ForwardingTokenProvider(Supplier<ForwardedCredentials> source, String what) {
    this.source = source;
    this.what = what;
  }

  /**
   * Forwards what {@code source} returns for the current request ({@code null}: no inbound request).
   *
   * @param source the current request's credentials
   * @return the provider
   */
  public static ForwardingTokenProvider of(Supplier<ForwardedCredentials> source) {
    return new ForwardingTokenProvider(Objects.requireNonNull(source, "source"), "the supplied inbound request");
  }

  /**
   * Forwards the servlet request being served on this thread (see {@link ServletForwarding}). Call
   * the client on the request's thread: on another thread (an executor, an async servlet's
   * callback) there is no current request and {@link #token()} throws {@link
   * TokenProviderException}. Needs the servlet API on the class path only when used.
   *
   * @return the provider
   */
  public static ForwardingTokenProvider servlet() {
    return new ForwardingTokenProvider(ServletForwarding::current, "the current servlet request");
  }

  /**
   * Forwards the Vert.x request of the current context (see {@link VertxForwarding}). Call the
   * client on that request's context (its event loop, or {@code executeBlocking} started from
   * it); elsewhere {@link #token()} throws {@link TokenProviderException}. Needs Vert.x on the class
   * path only when used.
   *
   * @return the provider
   */
  public static ForwardingTokenProvider vertx() {
    return new ForwardingTokenProvider(VertxForwarding::current, "the current Vert.x request");
  }

  private ForwardedCredentials credentials() {
    ForwardedCredentials c = source.get();
    if (c == null) {
      throw new TokenProviderException("no inbound request to forward a token from (" + what
          + "): call the client while serving a request, with the forwarding filter or handler installed");
    }
    return c;
  }

  @Override
  public AccessToken token() {
    ForwardedCredentials c = credentials();
    if (c.token() == null) {
      throw new TokenProviderException("the inbound request has no bearer token to forward (" + what + ")");
    }
    return AccessToken.of(c.token());
  }

  @Override
  public AccessToken refresh(String rejected) {
    return AccessToken.of(rejected); // someone else's token: give up, the 401 reaches the caller
  }

  @Override
  public Map<String, String> headers() {
    return credentials().headers();
  }

  @Override
  public String toString() {
    return "ForwardingTokenProvider[" + what + "]";
  }
}
