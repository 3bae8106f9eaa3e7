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
package dev.kserveauth.spring.boot.security;

import dev.kserveauth.authn.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security {@code Authentication} of a request kserve-auth allowed: its principal is the
 * verified {@link Principal} (so {@code @AuthenticationPrincipal Principal p} works), its name the
 * principal's name, its authorities one {@code ROLE_<role>} per role and one authority per permission
 * (so {@code @PreAuthorize("hasRole('admin')")} and {@code hasAuthority('model:predict')} work). It
 * carries no credentials: the token is never kept.
 *
 * <pre>{@code
 * @since 0.1
 * @PreAuthorize("hasRole('admin')")
 * @PostMapping("/v1/models/{model}:load")
 * void load(@PathVariable String model, @AuthenticationPrincipal Principal caller) { ... }
 * }</pre>
 */
public final class KServeAuthAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final transient Principal principal;

  /**
   * The authentication of a verified principal.
   *
   * @param principal the principal kserve-auth verified
   * @param rolePrefix the prefix of role authorities (Spring Security's is {@code ROLE_})
   */
  public KServeAuthAuthentication(Principal principal, String rolePrefix) {
    super(authorities(Objects.requireNonNull(principal, "principal"), rolePrefix));
    this.principal = principal;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Principal p, String rolePrefix) {
    List<GrantedAuthority> a = new ArrayList<>(p.roles().size() + p.permissions().size());
    String prefix = rolePrefix == null ? "" : rolePrefix;
    for (String r : p.roles()) {
      a.add(new SimpleGrantedAuthority(prefix + r));
    }
    for (String perm : p.permissions()) {
      a.add(new SimpleGrantedAuthority(perm));
    }
    return a;
  }

  /** Always empty: the token is not kept. */
  @Override
  public Object getCredentials() {
    return "";
  }

  /** The verified principal. */
  @Override
  public Principal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal.getName();
  }
}
