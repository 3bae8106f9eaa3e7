package dev.kserveauth.spring.boot.internal;

import dev.kserveauth.authz.ExternalAuthorizer;
import java.util.Objects;

/**
 * An external authorizer the facade registers under a provider name (what a CUSTOM policy's
 * {@code provider.name} refers to). Internal.
 *
 * @param name the provider name
 * @param authorizer the authorizer
 */
public record ProviderRegistration(String name, ExternalAuthorizer authorizer) {
  public ProviderRegistration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(authorizer, "authorizer");
  }
}
