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

import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.Authorizations;
import io.vertx.ext.web.RoutingContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

/**
 * The two calls whose API differs between Vert.x 4.5 and 5.0, resolved once: setting the routing
 * context's user ({@code RoutingContext.setUser} in 4, the user context's {@code setUser} in 5) and
 * registering authorizations ({@code Authorizations.add} in 4, {@code put} in 5).
 */
final class VertxCompat {
  private static final MethodHandle SET_USER_4;
  private static final MethodHandle SET_USER_5;
  private static final MethodHandle PUT_AUTHORIZATIONS;

  static {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodHandle set4 = null;
    MethodHandle set5 = null;
    try {
      set4 = lookup.findVirtual(RoutingContext.class, "setUser", MethodType.methodType(void.class, User.class));
    } catch (ReflectiveOperationException e) {
      try {
        Class<?> internal = Class.forName("io.vertx.ext.web.impl.UserContextInternal", false,
            RoutingContext.class.getClassLoader());
        set5 = lookup.findVirtual(internal, "setUser", MethodType.methodType(void.class, User.class))
            .asType(MethodType.methodType(void.class, Object.class, User.class));
      } catch (ReflectiveOperationException e2) {
        throw new ExceptionInInitializerError("no way to set the routing context's user in this Vert.x version");
      }
    }
    SET_USER_4 = set4;
    SET_USER_5 = set5;
    MethodHandle put;
    try {
      put = lookup.findVirtual(Authorizations.class, "add",
          MethodType.methodType(Authorizations.class, String.class, Set.class));
    } catch (ReflectiveOperationException e) {
      try {
        put = lookup.findVirtual(Authorizations.class, "put",
            MethodType.methodType(Authorizations.class, String.class, Set.class));
      } catch (ReflectiveOperationException e2) {
        throw new ExceptionInInitializerError("no way to register authorizations in this Vert.x version");
      }
    }
    PUT_AUTHORIZATIONS = put;
  }

  private VertxCompat() {}

  static void setUser(RoutingContext ctx, User user) {
    try {
      // invokeExact on exactly typed handles: no per-call type adaptation
      if (SET_USER_4 != null) {
        SET_USER_4.invokeExact(ctx, user);
      } else {
        SET_USER_5.invokeExact((Object) ctx.userContext(), user);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static void putAuthorizations(User user, String providerId, Set<Authorization> authorizations) {
    try {
      Authorizations unused = (Authorizations) PUT_AUTHORIZATIONS.invokeExact(user.authorizations(), providerId,
          authorizations);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
