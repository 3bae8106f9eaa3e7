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
