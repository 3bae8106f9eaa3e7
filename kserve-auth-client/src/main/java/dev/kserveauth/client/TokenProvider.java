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

/**
 * Supplies the bearer token {@link KServeClient} sends. Implementations are thread-safe and cache
 * their token; {@link #token()} is called before every request, so it must be cheap when the cached
 * token is still good.
 *
 * <p>Built-in providers: {@link #ofStatic(String)}, {@link ServiceAccountTokenFileProvider} (the
 * projected token file the kubelet rotates), {@link KubernetesTokenRequestProvider} (the
 * TokenRequest API, like {@code kubectl create token}) and {@link
 * OAuth2ClientCredentialsProvider}. Wrap any other source with {@link CachingTokenProvider}.
 *
 * <pre>{@code
 * TokenProvider tokens = ServiceAccountTokenFileProvider.ofDefault();
 * KServeClient client = KServeClient.builder()
 *     .baseUrl("https://ingress.example.com")
 *     .routing(Routing.ingress("sklearn-iris", "team-a", "example.com"))
 *     .tokenProvider(tokens)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public interface TokenProvider {

  /**
   * The token to send now: never one past its known expiry. Called before every attempt, on the
   * calling thread for a blocking call and on an OkHttp dispatcher thread for an {@code ...Async}
   * one; it may block while a stale token is fetched. The client wraps any other runtime exception
   * thrown here in a {@link TokenProviderException}.
   *
   * @return the token, not {@code null}
   * @throws TokenProviderException when no valid token can be obtained; the cause says why
   */
  AccessToken token();

  /**
   * Called once when the model server answered 401 to a request that carried {@code rejected}.
   * Returns a different token when one can be obtained (or another thread already obtained one);
   * returning a token whose value equals {@code rejected} tells the client to give up. Called on
   * the same threads as {@link #token()}.
   *
   * @param rejected the value of the token the server answered 401 to
   * @return the token to retry with, not {@code null}
   * @throws TokenProviderException when fetching a new token failed
   */
  AccessToken refresh(String rejected);

  /**
   * Headers sent along with the token (never {@code Authorization}); a request that already has a
   * header of that name keeps its own. The {@link ForwardingTokenProvider} sends the inbound
   * request's {@code x-request-id} and trace headers this way. Default: none.
   *
   * @return header name to value
   */
  default java.util.Map<String, String> headers() {
    return java.util.Map.of();
  }

  /**
   * A fixed token that is never refreshed; a 401 surfaces as {@link UnauthorizedException}. For
   * tests and for tokens managed outside the process.
   *
   * @param token the token value
   * @return a provider that always returns {@code token}
   * @throws IllegalArgumentException when {@code token} is blank or not printable ASCII (see
   *     {@link AccessToken})
   */
  static TokenProvider ofStatic(String token) {
    AccessToken fixed = AccessToken.of(token);
    return new TokenProvider() {
      @Override
      public AccessToken token() {
        return fixed;
      }

      @Override
      public AccessToken refresh(String rejected) {
        return fixed;
      }

      @Override
      public String toString() {
        return "StaticTokenProvider[" + Tokens.mask(fixed.value()) + "]";
      }
    };
  }
}
