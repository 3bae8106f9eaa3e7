package dev.kserveauth.samples.springboot;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.authn.RequestAuthenticator;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A KServe-style model endpoint on Spring Boot, protected by kserve-auth's servlet filter registered
 * with a {@link FilterRegistrationBean}. The controller sees only allowed requests; the verified
 * caller is the request's {@link Principal}.
 *
 * <pre>
 * java -jar app.jar --kserve-auth.authn=/etc/kserve-auth/authn.yaml --kserve-auth.policies=/etc/kserve-auth/policies
 * </pre>
 */
@SpringBootApplication
public class SpringBootSample {

  public static void main(String[] args) {
    SpringApplication.run(SpringBootSample.class, args);
  }

  /** The facade: which tokens count (RequestAuthentication) and what they may do (policies, reloaded on change). */
  @Bean(destroyMethod = "close")
  KServeAuth kserveAuth(@Value("${kserve-auth.authn}") Path authn, @Value("${kserve-auth.policies}") Path policies) {
    return KServeAuth.builder()
        .authenticator(RequestAuthenticator.builder().rulesFrom(authn).build())
        .policies(policies)
        .watchPolicies(Duration.ofSeconds(2))
        .publicPaths("/health")
        .build();
  }

  /** Runs the filter first, on every path, before Spring MVC or anything else reads the request. */
  @Bean
  FilterRegistrationBean<KServeAuthFilter> kserveAuthFilter(KServeAuth auth) {
    FilterRegistrationBean<KServeAuthFilter> registration = new FilterRegistrationBean<>(new KServeAuthFilter(auth));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setName("kserve-auth");
    return registration;
  }

  /** The model endpoints: only reached when the policies allow the call. */
  @RestController
  static class Predictor {

    @PostMapping("/v1/models/{model}:predict")
    Map<String, Object> predict(@PathVariable String model, @RequestBody Map<String, List<List<Double>>> body,
        Principal caller) {
      List<Integer> predictions = body.getOrDefault("instances", List.of()).stream()
          .map(x -> x.size() > 2 && x.get(2) > 2.5 ? 1 : 0)   // a stand-in for a real model
          .toList();
      return Map.of("predictions", predictions, "model", model, "caller", caller.getName());
    }

    @GetMapping("/health")
    Map<String, String> health() {
      return Map.of("status", "healthy");
    }
  }
}
