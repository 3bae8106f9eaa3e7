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
package dev.kserveauth.spring.boot;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.KServeAuthBuilder;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.metrics.AuthMetrics;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.spring.boot.internal.AuthenticatorWrapper;
import dev.kserveauth.spring.boot.internal.KServeAuthBearerTokenResolver;
import dev.kserveauth.spring.boot.internal.KServeAuthHealth;
import dev.kserveauth.spring.boot.internal.KServeAuthMeterBinder;
import dev.kserveauth.spring.boot.internal.KubernetesMeterBinder;
import dev.kserveauth.spring.boot.internal.KubernetesSettings;
import dev.kserveauth.spring.boot.internal.PolicyStatus;
import dev.kserveauth.spring.boot.internal.ProviderRegistration;
import dev.kserveauth.spring.boot.internal.ReactiveSecurityBridge;
import dev.kserveauth.spring.boot.internal.ServletSecurityBridge;
import dev.kserveauth.spring.boot.internal.TrackingAuthMetrics;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.JwtRules;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.RequestAuthenticatorBuilder;
import dev.kserveauth.authn.SignatureProvider;
import dev.kserveauth.kubernetes.KubernetesApi;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Auto-configuration of kserve-auth for Spring Boot 3.5 and 4.0: active when
 * {@code kserve.auth.enabled} is not {@code false} and {@code kserve.auth.policies} is set (see
 * {@link KServeAuthProperties}). Every bean backs off when the application declares its own.
 *
 * <ul>
 *   <li>{@link KServeAuth} (and its {@link RequestAuthenticator}) from the properties;
 *   <li>servlet stack: {@link KServeAuthFilter} registered as {@code kserveAuthFilterRegistration} on
 *       {@code /*}, async-supported, for REQUEST and ASYNC dispatches, at {@code kserve.auth.filter-order} (default
 *       {@link KServeAuthProperties#DEFAULT_FILTER_ORDER}, before Spring Security's filter chain at -100);
 *   <li>reactive stack: a {@link KServeAuthWebFilter} at the same order;
 *   <li>Micrometer: the meters on the application's {@code MeterRegistry};
 *   <li>Actuator: the {@code kserveAuth} health contributor;
 *   <li>Kubernetes RBAC, when kserve-auth-kubernetes is on the class path and {@code kserve.auth.kubernetes.*}
 *       asks for it: the {@link KubernetesApi}, the {@link SubjectAccessReviewAuthorizer} registered as the
 *       provider {@code kubernetes-rbac}, TokenReview for bearer tokens no jwtRules entry accepts, and
 *       their meters;
 *   <li>Spring Security: the allowed principal as the {@code Authentication}, Spring Security's bearer
 *       token resolution skipped on requests kserve-auth decided, and a permit-all filter chain when the
 *       application declares none.
 * </ul>
 *
 * @since 0.1
 */
@AutoConfiguration(beforeName = {
    // Boot 3.5 and Boot 4.0: the default (form login, HTTP Basic) filter chains back off when one exists
    "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"})
@ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "enabled", havingValue = "true",
    matchIfMissing = true)
@Conditional(KServeAuthAutoConfiguration.OnPolicySource.class)
@EnableConfigurationProperties(KServeAuthProperties.class)
@Import(KServeAuthAutoConfiguration.HealthRegistrar.class)
public class KServeAuthAutoConfiguration {

  /** Used by Spring Boot. */
  public KServeAuthAutoConfiguration() {}

  /**
   * The metrics the facade reports to: Micrometer's meters once a registry is bound, and the policy
   * reloads the health contributor shows.
   *
   * @return the metrics
   */
  @Bean
  @ConditionalOnMissingBean(AuthMetrics.class)
  TrackingAuthMetrics kserveAuthMetrics() {
    return new TrackingAuthMetrics();
  }

  /**
   * Which tokens count: the {@code kserve.auth.request-authentication} files, behind a Kubernetes
   * TokenReview with {@code kserve.auth.kubernetes.token-review}.
   *
   * @param props the properties
   * @param metrics the metrics
   * @param wrapper the TokenReview in front, when configured
   * @return the authenticator
   */
  @Bean
  @ConditionalOnMissingBean
  RequestAuthenticator kserveAuthRequestAuthenticator(KServeAuthProperties props, ObjectProvider<AuthMetrics> metrics,
      ObjectProvider<AuthenticatorWrapper> wrapper) {
    List<Path> files = props.getRequestAuthentication();
    AuthenticatorWrapper w = wrapper.getIfUnique();
    if (files == null || files.isEmpty()) {
      if (w != null) {
        return w.wrap(null); // every bearer token goes to a TokenReview
      }
      throw new IllegalStateException(KServeAuthProperties.PREFIX + ".request-authentication is required when "
          + KServeAuthProperties.PREFIX + ".policies is set: name the RequestAuthentication YAML file(s)");
    }
    List<JwtRule> rules = new ArrayList<>();
    for (Path f : files) {
      rules.addAll(JwtRules.load(f)); // names file:line when invalid
    }
    RequestAuthenticatorBuilder b = RequestAuthenticator.builder().rules(rules)
        .signatureProvider(props.getSignatureProvider() == KServeAuthProperties.SignatureProviderMode.OFF
            ? SignatureProvider.off() : SignatureProvider.auto());
    AuthMetrics m = metrics.getIfUnique();
    if (m != null) {
      b.metrics(m);
    }
    return w == null ? b.build() : w.wrap(b.build());
  }

  /**
   * The facade every adapter decides with.
   *
   * @param props the properties
   * @param authenticator the authenticator
   * @param metrics the metrics
   * @param audit an audit sink of the application's (default: the {@code kserve.auth.audit} logger)
   * @param providers the external authorizers CUSTOM policies may name ({@code kubernetes-rbac})
   * @return the facade
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KServeAuth kserveAuth(KServeAuthProperties props, RequestAuthenticator authenticator,
      ObjectProvider<AuthMetrics> metrics, ObjectProvider<AuditSink> audit,
      ObjectProvider<ProviderRegistration> providers) {
    KServeAuthBuilder b = KServeAuth.builder()
        .authenticator(authenticator)
        .policies(props.getPolicies().toArray(Path[]::new))
        .realm(props.getRealm())
        .allowAllWithoutPolicy(props.isAllowAllWithoutPolicy())
        .skipCorsPreflight(props.isSkipCorsPreflight())
        .maxBodyBytes(Math.toIntExact(props.getMaxBodySize().toBytes()))
        .bodyTimeout(props.getBodyTimeout());
    if (props.isWatchPolicies()) {
      b.watchPolicies(props.getReloadInterval());
    }
    if (!props.getPublicPaths().isEmpty()) {
      b.publicPaths(props.getPublicPaths().toArray(String[]::new));
    }
    if (!props.getAudit().getClaims().isEmpty()) {
      b.auditClaims(props.getAudit().getClaims().toArray(String[]::new));
    }
    if (!props.getAudit().getRedact().isEmpty()) {
      b.redactClaims(props.getAudit().getRedact().toArray(String[]::new));
    }
    AuthMetrics m = metrics.getIfUnique();
    if (m != null) {
      b.metrics(m);
    }
    AuditSink sink = audit.getIfUnique();
    if (sink != null) {
      b.auditSink(sink);
    }
    providers.orderedStream().forEach(p -> b.authorizer(p.name(), p.authorizer()));
    return b.build();
  }

  /**
   * The policies in force, for the health contributor.
   *
   * @param auth the facade (built first: an invalid file stops startup there, naming file and line)
   * @param props the properties
   * @param metrics the tracking metrics, when they are the facade's
   * @return the status
   */
  @Bean
  @ConditionalOnMissingBean
  PolicyStatus kserveAuthPolicyStatus(KServeAuth auth, KServeAuthProperties props,
      ObjectProvider<TrackingAuthMetrics> metrics) {
    PolicyStatus status = new PolicyStatus(props.getPolicies(),
        PolicySet.load(props.getPolicies().toArray(Path[]::new)).size());
    metrics.ifAvailable(m -> m.policyStatus(status));
    return status;
  }

  /**
   * What the Actuator health contributor reports.
   *
   * @param auth the facade
   * @param status the policies in force
   * @param props the properties
   * @return the health
   */
  @Bean
  @ConditionalOnMissingBean
  KServeAuthHealth kserveAuthHealth(KServeAuth auth, PolicyStatus status, KServeAuthProperties props) {
    return new KServeAuthHealth(auth, status, props.getHealth().isKeySourcesAffectStatus());
  }

  /** Active when {@code kserve.auth.policies} names at least one file or directory. */
  static final class OnPolicySource extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      List<String> policies = Binder.get(context.getEnvironment())
          .bind(KServeAuthProperties.PREFIX + ".policies", Bindable.listOf(String.class)).orElse(List.of());
      return policies.stream().anyMatch(p -> !p.isBlank())
          ? ConditionOutcome.match("kserve.auth.policies is set")
          : ConditionOutcome.noMatch("kserve.auth.policies is not set");
    }
  }

  /**
   * Registers the {@code kserveAuth} health contributor when Actuator is present (Boot 3 or Boot 4
   * health API) and {@code kserve.auth.health.enabled} is not false, unless the application has a bean
   * of that name.
   */
  static final class HealthRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware,
      org.springframework.context.EnvironmentAware {
    private BeanFactory beanFactory;
    private org.springframework.core.env.Environment environment;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
      this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(org.springframework.core.env.Environment environment) {
      this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      if (!environment.getProperty(KServeAuthProperties.PREFIX + ".health.enabled", Boolean.class, true)) {
        return;
      }
      KServeAuthHealth.register(registry, getClass().getClassLoader(),
          () -> beanFactory.getBean(KServeAuthHealth.class));
    }
  }

  /** Micrometer: kserve-auth's meters on the application's registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  @ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "metrics.enabled", havingValue = "true",
      matchIfMissing = true)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KServeAuthMeterBinder kserveAuthMeterBinder(ObjectProvider<TrackingAuthMetrics> metrics,
        RequestAuthenticator authenticator, KServeAuthProperties props) {
      // no TrackingAuthMetrics: the application gave the facade AuthMetrics of its own, the binder does nothing
      return new KServeAuthMeterBinder(metrics.getIfAvailable(), authenticator, props.getMetrics().getMaxRoleLabels());
    }
  }

  /** Active when a {@code kserve.auth.kubernetes} setting asks for Kubernetes RBAC or names the API server. */
  static final class OnKubernetesSettings extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      String p = KubernetesSettings.PREFIX;
      boolean set = binder.bind(p + ".authorization", String.class).map(v -> !v.isBlank()).orElse(false)
          || binder.bind(p + ".token-review", Boolean.class).orElse(false)
          || binder.bind(p + ".api-url", String.class).map(v -> !v.isBlank()).orElse(false);
      return set ? ConditionOutcome.match(p + ".authorization, token-review or api-url is set")
          : ConditionOutcome.noMatch("no " + p + " setting asks for Kubernetes RBAC");
    }
  }

  /**
   * Kubernetes RBAC (kserve-auth-kubernetes on the class path): the API server, the SubjectAccessReview
   * authorizer of {@code kserve.auth.kubernetes.authorization} registered as {@code kubernetes-rbac}, and
   * TokenReview with {@code kserve.auth.kubernetes.token-review}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.kserveauth.kubernetes.KubernetesApi")
  @Conditional(OnKubernetesSettings.class)
  static class KubernetesConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KubernetesApi kserveAuthKubernetesApi(KServeAuthProperties props) {
      return KubernetesSettings.api(props.getKubernetes());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = KubernetesSettings.PREFIX, name = "authorization")
    SubjectAccessReviewAuthorizer kserveAuthSubjectAccessReviewAuthorizer(KServeAuthProperties props,
        KubernetesApi api) {
      return KubernetesSettings.authorizer(props.getKubernetes(), api);
    }

    @Bean
    @ConditionalOnMissingBean(name = "kserveAuthKubernetesRbacProvider")
    @ConditionalOnBean(SubjectAccessReviewAuthorizer.class)
    ProviderRegistration kserveAuthKubernetesRbacProvider(SubjectAccessReviewAuthorizer sar) {
      return new ProviderRegistration(SubjectAccessReviewAuthorizer.PROVIDER_NAME, sar);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = KubernetesSettings.PREFIX, name = "token-review", havingValue = "true")
    AuthenticatorWrapper kserveAuthTokenReview(KubernetesApi api) {
      return KubernetesSettings.tokenReview(api);
    }

    /** The review meters on the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    @ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "metrics.enabled", havingValue = "true",
        matchIfMissing = true)
    static class KubernetesMetricsConfiguration {
      @Bean
      @ConditionalOnMissingBean
      KubernetesMeterBinder kserveAuthKubernetesMeterBinder(ObjectProvider<SubjectAccessReviewAuthorizer> sar,
          ObjectProvider<RequestAuthenticator> authenticator) {
        return new KubernetesMeterBinder(sar.getIfUnique(), authenticator.getIfUnique());
      }
    }
  }

  /** {@code kserve.auth.kubernetes.*} is set but kserve-auth-kubernetes is not on the class path: stop, saying so. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("dev.kserveauth.kubernetes.KubernetesApi")
  @Conditional(OnKubernetesSettings.class)
  static class KubernetesMissing {
    KubernetesMissing() {
      throw new IllegalStateException(KubernetesSettings.PREFIX + ".* is set but dev.kserveauth:kserve-auth-kubernetes "
          + "is not on the class path: add it as a dependency");
    }
  }

  /** Servlet stack: the filter, and Spring Security's context when present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = {"jakarta.servlet.Filter", "org.springframework.boot.web.servlet.FilterRegistrationBean"})
  static class ServletConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "kserveAuthFilterRegistration")
    FilterRegistrationBean<KServeAuthFilter> kserveAuthFilterRegistration(KServeAuth auth, KServeAuthProperties props) {
      FilterRegistrationBean<KServeAuthFilter> r = new FilterRegistrationBean<>(new KServeAuthFilter(auth));
      r.setName("kserveAuthFilter");
      r.addUrlPatterns("/*");
      r.setAsyncSupported(true);
      // ASYNC: a decision that completes later (an OpenAI body read, an external authorizer) goes on by an ASYNC
      // dispatch back into the filter; Tomcat recycles the filter chain the original dispatch held
      r.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC);
      r.setOrder(props.getFilterOrder());
      return r;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.security.core.context.SecurityContextHolder",
        "org.springframework.security.web.context.RequestAttributeSecurityContextRepository"})
    @ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "security.enabled", havingValue = "true",
        matchIfMissing = true)
    static class ServletSecurityConfiguration {
      @Bean
      @ConditionalOnMissingBean(name = "kserveAuthSecurityContextRegistration")
      FilterRegistrationBean<ServletSecurityBridge> kserveAuthSecurityContextRegistration(KServeAuthProperties props) {
        FilterRegistrationBean<ServletSecurityBridge> r =
            new FilterRegistrationBean<>(new ServletSecurityBridge(props.getSecurity().getRolePrefix()));
        r.setName("kserveAuthSecurityContextFilter");
        r.addUrlPatterns("/*");
        r.setAsyncSupported(true);
        // after the filter on the ASYNC dispatch that continues a request it decided asynchronously, too
        r.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC);
        r.setOrder(props.getFilterOrder() + 1);
        return r;
      }

      @Bean
      @ConditionalOnMissingBean(SecurityFilterChain.class)
      @ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
      @ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "security.default-filter-chain",
          havingValue = "true", matchIfMissing = true)
      SecurityFilterChain kserveAuthSecurityFilterChain(ObjectProvider<HttpSecurity> security) throws Exception {
        HttpSecurity http = security.getIfAvailable();
        if (http == null) {
          return null; // Spring Security's web configuration is off: no chain to give
        }
        // kserve-auth decided every request before this chain runs: leave the decision to it
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
            .csrf(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(
                org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
            .build();
      }

      @Bean
      @ConditionalOnMissingBean(org.springframework.security.oauth2.server.resource.web.BearerTokenResolver.class)
      @ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.web.BearerTokenResolver")
      KServeAuthBearerTokenResolver kserveAuthBearerTokenResolver() {
        return new KServeAuthBearerTokenResolver();
      }
    }
  }

  /** Reactive stack: the WebFilter, and Spring Security's reactive context when present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono"})
  static class ReactiveConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KServeAuthWebFilter kserveAuthWebFilter(KServeAuth auth, KServeAuthProperties props) {
      return new KServeAuthWebFilter(auth, props.getFilterOrder());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.ReactiveSecurityContextHolder")
    @ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "security.enabled", havingValue = "true",
        matchIfMissing = true)
    static class ReactiveSecurityConfiguration {
      @Bean
      @ConditionalOnMissingBean
      ReactiveSecurityBridge kserveAuthReactiveSecurityBridge(KServeAuthProperties props) {
        return new ReactiveSecurityBridge(props.getSecurity().getRolePrefix(), props.getFilterOrder() + 1);
      }

      @Bean
      @ConditionalOnMissingBean(SecurityWebFilterChain.class)
      @ConditionalOnClass(name = "org.springframework.security.config.web.server.ServerHttpSecurity")
      @ConditionalOnProperty(prefix = KServeAuthProperties.PREFIX, name = "security.default-filter-chain",
          havingValue = "true", matchIfMissing = true)
      SecurityWebFilterChain kserveAuthSecurityWebFilterChain(ObjectProvider<ServerHttpSecurity> security) {
        ServerHttpSecurity http = security.getIfAvailable();
        if (http == null) {
          return null; // Spring Security's WebFlux configuration is off: no chain to give
        }
        return http.authorizeExchange(e -> e.anyExchange().permitAll())
            .csrf(c -> c.disable())
            .build();
      }
    }
  }
}
