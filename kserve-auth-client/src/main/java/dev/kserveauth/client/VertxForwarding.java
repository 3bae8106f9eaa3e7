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
 */
public final class VertxForwarding {
  private static final String KEY = ForwardedCredentials.class.getName();

  private VertxForwarding() {}

  /** The handler: {@code router.route().handler(VertxForwarding.handler())}. */
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
