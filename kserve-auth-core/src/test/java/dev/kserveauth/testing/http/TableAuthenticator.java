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
package dev.kserveauth.testing.http;

import dev.kserveauth.http.RequestView;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenLocation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A table-driven authenticator for facade and adapter unit tests (the conformance suite uses the real
 * one): {@code Authorization: Bearer <name>} maps to a principal by name; an unknown name fails as
 * "Jwt is expired"; {@code boom} throws an unexpected exception; a non-Bearer scheme is a malformed
 * request. Output header {@code x-user} carries the subject.
 */
public final class TableAuthenticator implements RequestAuthenticator {
  private final Map<String, Principal> principals;
  public volatile boolean forward = false;

  public TableAuthenticator(Map<String, Principal> principals) {
    this.principals = principals;
  }

  public static Principal principal(String sub, String role, String team) {
    return Principal.fromClaims(Map.of("iss", "https://auth.company.com", "sub", sub, "role", role,
        "team", team, "email", sub + "@company.com", "exp", 4_000_000_000L, "aud", List.of("kserve-api")));
  }

  @Override
  public AuthenticationOutcome authenticate(RequestView request) {
    String h = request.header("authorization");
    if (h == null) {
      return new AuthenticationOutcome.Anonymous();
    }
    if (!h.startsWith("Bearer ")) {
      return new AuthenticationOutcome.Failed(new MalformedRequest("malformed Authorization header"));
    }
    String t = h.substring(7);
    if (t.equals("boom")) {
      throw new IllegalStateException("unexpected " + t);
    }
    Principal p = principals.get(t);
    if (p == null) {
      return new AuthenticationOutcome.Failed(new TokenException("Jwt is expired"));
    }
    return new AuthenticationOutcome.Authenticated(p, new TokenLocation(TokenLocation.Kind.HEADER, "authorization"),
        forward, Map.of("x-user", p.subject()));
  }

  @Override
  public CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request) {
    return CompletableFuture.supplyAsync(() -> authenticate(request));
  }

  @Override
  public Set<String> outputHeaderNames() {
    return Set.of("x-user");
  }

  static final class MalformedRequest extends TokenException {
    private static final long serialVersionUID = 1L;

    MalformedRequest(String m) {
      super(dev.kserveauth.http.BearerErrorCode.INVALID_REQUEST, m, null);
    }
  }
}
