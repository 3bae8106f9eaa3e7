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
