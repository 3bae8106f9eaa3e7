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
