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
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Keeps Spring Security's resource-server bearer processing out of the way on requests kserve-auth
 * decided: their token was verified (and usually removed) by kserve-auth, so Spring Security does not
 * look for one again; other requests get Spring Security's default resolution. Internal.
 */
public final class KServeAuthBearerTokenResolver implements BearerTokenResolver {
  private final DefaultBearerTokenResolver fallback = new DefaultBearerTokenResolver();

  @Override
  public String resolve(HttpServletRequest request) {
    if (request.getAttribute(KServeAuthFilter.RESULT_ATTRIBUTE) != null) {
      return null;
    }
    return fallback.resolve(request);
  }
}
