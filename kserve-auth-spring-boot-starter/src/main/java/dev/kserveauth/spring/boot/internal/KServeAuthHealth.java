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

import dev.kserveauth.KServeAuth;
import dev.kserveauth.Readiness;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.ClassUtils;

/**
 * The Actuator health contributor {@code kserveAuth}: policies in force (how many, from where), the
 * last reload error, and each issuer's key source (last successful fetch, stale or not).
 *
 * <p>Spring Boot 3 declares {@code HealthIndicator} in {@code org.springframework.boot.actuate.health},
 * Boot 4 in {@code org.springframework.boot.health.contributor}, with the same shape ({@code Health
 * health()}, {@code Health.status(String).withDetail(..).build()}). One jar serves both: the indicator
 * implements whichever interface the application has, and builds its {@code Health} through that
 * version's API. Internal.
 */
public final class KServeAuthHealth {
  /** The Boot 4 and Boot 3 health packages, newest first. */
  private static final String[] PACKAGES = {"org.springframework.boot.health.contributor",
      "org.springframework.boot.actuate.health"};

  /** The bean name (and the key under {@code /actuator/health/components}). */
  public static final String BEAN_NAME = "kserveAuthHealthIndicator";

  private final KServeAuth auth;
  private final PolicyStatus policies;
  private final boolean keySourcesAffectStatus;

  public KServeAuthHealth(KServeAuth auth, PolicyStatus policies, boolean keySourcesAffectStatus) {
    this.auth = auth;
    this.policies = policies;
    this.keySourcesAffectStatus = keySourcesAffectStatus;
  }

  /** The status code: DOWN without policies, OUT_OF_SERVICE for unusable keys when opted in, else UP. */
  public String status(Readiness r) {
    if (!r.policiesLoaded()) {
      return "DOWN";
    }
    if (keySourcesAffectStatus && r.issuers().values().stream().anyMatch(k -> !k.available())) {
      return "OUT_OF_SERVICE";
    }
    return "UP";
  }

  /** The details shown under {@code components.kserveAuth.details}. */
  public Map<String, Object> details(Readiness r) {
    Map<String, Object> d = new LinkedHashMap<>();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("loaded", r.policiesLoaded());
    p.put("enforcing", r.enforcing());
    p.put("count", policies.count());
    p.put("sources", policies.sources().stream().map(Object::toString).toList());
    if (policies.lastReload() != null) {
      p.put("lastReload", policies.lastReload().toString());
    }
    if (policies.lastErrorMessage() != null) {
      p.put("lastReloadError", policies.lastErrorMessage());
      p.put("lastReloadErrorAt", String.valueOf(policies.lastError()));
    }
    d.put("policies", p);
    Map<String, Object> issuers = new LinkedHashMap<>();
    r.issuers().forEach((iss, k) -> {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("source", k.source());
      i.put("available", k.available());
      i.put("keys", k.keys());
      i.put("stale", k.stale());
      i.put("lastSuccessfulFetchAgeSeconds", k.age() == null ? null : k.age().toSeconds());
      issuers.put(iss, i);
    });
    d.put("issuers", issuers);
    return d;
  }

  /** The Actuator {@code HealthIndicator} type of the application's Boot version, or null without Actuator. */
  public static Class<?> indicatorType(ClassLoader loader) {
    for (String pkg : PACKAGES) {
      if (ClassUtils.isPresent(pkg + ".HealthIndicator", loader) && ClassUtils.isPresent(pkg + ".Health", loader)) {
        return ClassUtils.resolveClassName(pkg + ".HealthIndicator", loader);
      }
    }
    return null;
  }

  /**
   * Registers the indicator bean (typed as the version's {@code HealthIndicator}, so Actuator finds
   * it) unless a bean of that name exists.
   */
  public static void register(BeanDefinitionRegistry registry, ClassLoader loader,
      java.util.function.Supplier<KServeAuthHealth> health) {
    Class<?> type = indicatorType(loader);
    if (type == null || registry.containsBeanDefinition(BEAN_NAME)) {
      return;
    }
    RootBeanDefinition def = new RootBeanDefinition();
    def.setTargetType(type);
    def.setBeanClass(type);
    def.setInstanceSupplier(() -> proxy(type, health.get()));
    registry.registerBeanDefinition(BEAN_NAME, def);
  }

  private static Object proxy(Class<?> type, KServeAuthHealth h) {
    Method status;
    Method withDetails;
    Method build;
    try {
      Class<?> healthClass = ClassUtils.resolveClassName(type.getPackageName() + ".Health", type.getClassLoader());
      status = healthClass.getMethod("status", String.class);
      Class<?> builder = status.getReturnType();
      withDetails = builder.getMethod("withDetails", Map.class);
      build = builder.getMethod("build");
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("unsupported Spring Boot Actuator version", e);
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("health") && method.getParameterCount() == 0) {
        Readiness r = h.auth.readiness();
        Object b = status.invoke(null, h.status(r));
        return build.invoke(withDetails.invoke(b, h.details(r)));
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      return switch (method.getName()) {
        case "toString" -> "KServeAuthHealthIndicator";
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> throw new UnsupportedOperationException(method.getName());
      };
    };
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
