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

import java.io.IOException;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Attaches the bearer token before each request (application interceptor) and, on a 401, asks the
 * provider for a new token once and retries once (authenticator). A second 401 is returned to the
 * caller, never looped on.
 */
final class BearerAuth implements Interceptor, Authenticator {
  static final String AUTHORIZATION = "Authorization";

  /** Carries a {@link TokenProviderException} through OkHttp, which only lets IOExceptions out. */
  static final class TokenFailure extends IOException {
    private static final long serialVersionUID = 1L;

    TokenFailure(TokenProviderException cause) {
      super(cause.getMessage(), cause);
    }

    TokenProviderException tokenCause() {
      return (TokenProviderException) getCause();
    }
  }

  private final TokenProvider provider;

  /** A custom provider's unexpected exception must not escape onto OkHttp's dispatcher threads. */
  private TokenProviderException wrap(RuntimeException e) {
    return e instanceof TokenProviderException tpe ? tpe
        : new TokenProviderException(provider + " failed: " + e, e);
  }

  BearerAuth(TokenProvider provider) {
    this.provider = provider;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header(AUTHORIZATION) != null) {
      return chain.proceed(request);
    }
    String token;
    java.util.Map<String, String> extra;
    try {
      token = provider.token().value();
      extra = provider.headers();
    } catch (RuntimeException e) {
      throw new TokenFailure(wrap(e));
    }
    Request.Builder b = request.newBuilder().header(AUTHORIZATION, "Bearer " + token);
    extra.forEach((k, v) -> {
      if (request.header(k) == null) {
        b.header(k, v);
      }
    });
    return chain.proceed(b.build());
  }

  @Override
  public Request authenticate(Route route, Response response) throws IOException {
    if (response.priorResponse() != null) {
      return null; // this 401 already answered a retry: give up
    }
    String sent = response.request().header(AUTHORIZATION);
    if (sent == null || !sent.startsWith("Bearer ")) {
      return null;
    }
    String rejected = sent.substring("Bearer ".length());
    AccessToken fresh;
    try {
      fresh = provider.refresh(rejected);
    } catch (RuntimeException e) {
      throw new TokenFailure(wrap(e));
    }
    if (fresh.value().equals(rejected)) {
      return null; // nothing new to try
    }
    return response.request().newBuilder().header(AUTHORIZATION, "Bearer " + fresh.value()).build();
  }
}
