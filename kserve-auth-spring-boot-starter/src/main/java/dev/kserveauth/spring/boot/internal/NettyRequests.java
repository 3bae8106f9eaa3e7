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

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;

/** The raw request-target as Reactor Netty received it; loaded only when Reactor Netty is present. Internal. */
public final class NettyRequests {
  private static final boolean PRESENT = ClassUtils.isPresent("reactor.netty.http.server.HttpServerRequest",
      NettyRequests.class.getClassLoader());

  private NettyRequests() {}

  /** The request-target as sent (origin form {@code /path?q} or absolute form), or null when not known. */
  public static String rawTarget(ServerHttpRequest request) {
    return PRESENT ? Native.uri(request) : null;
  }

  private static final class Native {
    static String uri(ServerHttpRequest request) {
      Object n = ServerHttpRequestDecorator.getNativeRequest(request);
      return n instanceof reactor.netty.http.server.HttpServerRequest r ? r.uri() : null;
    }
  }
}
