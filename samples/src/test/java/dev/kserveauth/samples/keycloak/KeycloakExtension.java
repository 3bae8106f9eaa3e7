package dev.kserveauth.samples.keycloak;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real Keycloak for the whole test run (the first test class that needs it starts it)
 * and stops it when the run ends, whether tests passed or not: the server is kept in the root
 * context's store, which closes its {@link AutoCloseable} values when the engine finishes.
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

  /** The run's server, started on first use. */
  static KeycloakServer server(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KeycloakServer.class, k -> KeycloakServer.startFromSystemProperties(), KeycloakServer.class);
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
