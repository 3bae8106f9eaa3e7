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
package dev.kserveauth.samples.keycloak;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real Keycloak for the whole test run (the first test class that needs it starts it)
 * and stops it when the run ends, whether tests passed or not: the server is kept in the root
 * context's store, which closes its {@link AutoCloseable} values when the engine finishes. A start
 * that failed is not tried again by the next class (each try may take minutes).
 *
 * <p>Test methods, constructors and lifecycle methods receive the {@link KeycloakServer} and a
 * {@link KeycloakClient} as parameters:
 *
 * <pre>{@code
 * @KeycloakTest
 * class MyIT {
 *   @Test
 *   void passwordGrant(KeycloakClient keycloak) {
 *     var token = keycloak.passwordGrant("kserve-cli", "alice", "alice-password");
 *   }
 * }
 * }</pre>
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  /** The run's server, started on first use. A failed start is remembered, so later classes fail at once. */
  static KeycloakServer server(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, k -> Started.start(), Started.class)
        .server();
  }

  /** The outcome of the one start attempt of a run; closing it stops the server. */
  private record Started(KeycloakServer started, RuntimeException failure) implements AutoCloseable {
    static Started start() {
      try {
        return new Started(KeycloakServer.startFromSystemProperties(), null);
      } catch (RuntimeException e) {
        return new Started(null, e);
      }
    }

    KeycloakServer server() {
      if (failure != null) {
        throw new IllegalStateException("Keycloak did not start for this run: " + failure.getMessage(), failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == KeycloakServer.class || type == KeycloakClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    KeycloakServer server = server(extensionContext);
    Class<?> type = parameterContext.getParameter().getType();
    return type == KeycloakServer.class ? server : new KeycloakClient(server);
  }
}
