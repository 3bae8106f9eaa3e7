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
