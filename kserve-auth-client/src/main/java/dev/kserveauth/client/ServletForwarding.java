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

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * A servlet filter that makes the request being served on this thread available to
 * {@link ForwardingTokenProvider#servlet()}. Register it (after the kserve-auth filter) for the
 * paths whose handlers call another model. Loaded only when used: the servlet API is an optional
 * dependency of this module.
 *
 * @since 0.1
 */
public final class ServletForwarding implements Filter {
  private static final ThreadLocal<ForwardedCredentials> CURRENT = new ThreadLocal<>();

  /** The filter. */
  public ServletForwarding() {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)) {
      chain.doFilter(request, response);
      return;
    }
    ForwardedCredentials previous = CURRENT.get();
    CURRENT.set(ForwardedCredentials.from(http::getHeader));
    try {
      chain.doFilter(request, response);
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The credentials of the request served on this thread, or {@code null}. */
  static ForwardedCredentials current() {
    return CURRENT.get();
  }
}
