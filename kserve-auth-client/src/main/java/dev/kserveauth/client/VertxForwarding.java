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

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * A vertx-web handler that stores the request's credentials in its (per-request, duplicated)
 * Vert.x context for {@link ForwardingTokenProvider#vertx()}, which reads them on that context:
 * on the event loop or in {@code executeBlocking} started from it. Loaded only when used: Vert.x is
 * an optional dependency of this module.
 *
 * @since 0.1
 */
public final class VertxForwarding {
  private static final String KEY = ForwardedCredentials.class.getName();

  private VertxForwarding() {}

  /**
   * The handler: {@code router.route().handler(VertxForwarding.handler())}, before the handlers
   * that call another model. It stores the credentials and calls {@code next()}; it never ends the
   * request. Outside a Vert.x context it stores nothing.
   *
   * @return a new handler
   */
  public static Handler<RoutingContext> handler() {
    return rc -> {
      Context ctx = Vertx.currentContext();
      if (ctx != null) {
        ctx.putLocal(KEY, ForwardedCredentials.from(rc.request()::getHeader));
      }
      rc.next();
    };
  }

  /** The credentials of the current context's request, or {@code null}. */
  static ForwardedCredentials current() {
    Context ctx = Vertx.currentContext();
    return ctx == null ? null : ctx.getLocal(KEY);
  }
}
