package dev.kserveauth.spring.boot.internal;

import dev.kserveauth.spring.boot.KServeAuthWebFilter;
import dev.kserveauth.spring.boot.security.KServeAuthAuthentication;
import dev.kserveauth.authn.Principal;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs right after {@link KServeAuthWebFilter}: makes the allowed principal the {@code Authentication}
 * of the reactive {@code SecurityContext} (Spring Security's {@code ReactorContextWebFilter} keeps a
 * context already there) and the exchange's principal. Internal.
 */
public final class ReactiveSecurityBridge implements WebFilter, Ordered {
  private final String rolePrefix;
  private final int order;

  public ReactiveSecurityBridge(String rolePrefix, int order) {
    this.rolePrefix = rolePrefix;
    this.order = order;
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!(exchange.getAttribute(KServeAuthWebFilter.PRINCIPAL_ATTRIBUTE) instanceof Principal principal)) {
      return chain.filter(exchange);
    }
    KServeAuthAuthentication a = new KServeAuthAuthentication(principal, rolePrefix);
    return chain.filter(exchange.mutate().principal(Mono.just(a)).build())
        .contextWrite(ReactiveSecurityContextHolder.withAuthentication(a));
  }
}
