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
package dev.kserveauth.vertx;

import dev.kserveauth.http.RequestAttributes;
import dev.kserveauth.KServeAuth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A vertx-web handler that puts {@link KServeAuth} in front of routes: the same decisions and the
 * same response bytes as the servlet filter, without ever blocking the event loop (it calls
 * {@link KServeAuth#authorizeAsync}). On ALLOW it sets the routing context's user (principal = the
 * verified claims, authorizations = one {@code RoleBasedAuthorization} per role and one
 * {@code PermissionBasedAuthorization} per permission, under provider id {@value #PROVIDER_ID}) so
 * vertx-web's {@code AuthorizationHandler} and application code can use it, and puts the principal
 * and decision into {@code ctx.data()}.
 *
 * <pre>{@code
 * router.route().handler(BodyHandler.create());            // needed only for OpenAI routes
 * router.route().handler(KServeAuthHandler.create(auth));
 * router.post("/v1/models/:model").handler(AuthorizationHandler.create(RoleBasedAuthorization.create("admin")))...
 * }</pre>
 *
 * <p>OpenAI-compatible routes name the model in the body: mount {@code BodyHandler} before this
 * handler. Without it such requests are answered 500 (a misconfiguration) rather than decided
 * without the model. The query parameter that carried a token is removed from
 * {@code request.params()} and {@code ctx.queryParams()}; the raw {@code request.query()} /
 * {@code uri()} cannot be rewritten in Vert.x and still hold it (prefer header tokens). Built
 * against Vert.x 4.5; its tests also run against Vert.x 5.0.
 *
 * @since 0.1
 */
public interface KServeAuthHandler extends Handler<RoutingContext> {

  /** {@code ctx.get(PRINCIPAL_KEY)}: the verified {@link dev.kserveauth.authn.Principal} (absent when anonymous). */
  String PRINCIPAL_KEY = RequestAttributes.PRINCIPAL;
  /** {@code ctx.get(DECISION_KEY)}: the {@link dev.kserveauth.policy.Decision}. */
  String DECISION_KEY = RequestAttributes.DECISION;
  /** {@code ctx.get(RESULT_KEY)}: the whole {@link dev.kserveauth.AuthResult}. */
  String RESULT_KEY = RequestAttributes.RESULT;
  /** The authorization provider id the user's roles and permissions are registered under. */
  String PROVIDER_ID = "kserve-auth";

  /**
   * Creates a handler.
   *
   * @param auth the facade (shared, thread-safe)
   * @return the handler
   */
  static KServeAuthHandler create(KServeAuth auth) {
    return new KServeAuthHandlerImpl(auth);
  }
}
