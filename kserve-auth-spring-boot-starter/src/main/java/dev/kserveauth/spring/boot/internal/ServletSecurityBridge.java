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

import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.spring.boot.security.KServeAuthAuthentication;
import dev.kserveauth.authn.Principal;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Runs right after {@link KServeAuthFilter}: makes the allowed principal the {@code Authentication} of
 * Spring Security's {@code SecurityContext}, both in the holder (for code without a Security filter
 * chain) and in the request attribute Spring Security's {@code SecurityContextHolderFilter} loads it
 * from (so a {@code SecurityFilterChain} keeps it rather than starting anonymous). Internal.
 */
public final class ServletSecurityBridge implements Filter {
  private final String rolePrefix;

  public ServletSecurityBridge(String rolePrefix) {
    this.rolePrefix = rolePrefix;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request.getAttribute(KServeAuthFilter.PRINCIPAL_ATTRIBUTE) instanceof Principal principal)) {
      chain.doFilter(request, response);
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new KServeAuthAuthentication(principal, rolePrefix));
    SecurityContext previous = SecurityContextHolder.getContext();
    SecurityContextHolder.setContext(context);
    request.setAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME, context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.setContext(previous);
    }
  }
}
