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
package dev.kserveauth.samples.springboot;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A KServe-style model endpoint on Spring Boot, protected by kserve-auth through
 * kserve-auth-spring-boot-starter with no Java configuration: the starter registers the filter from
 * the {@code kserve.auth.*} properties (application.properties sets the public path; the files come
 * from the command line). The controller sees only allowed requests; the verified caller is the
 * request's {@link Principal}.
 *
 * <pre>
 * java -jar app.jar --kserve.auth.request-authentication=/etc/kserve-auth/authn.yaml \
 *     --kserve.auth.policies=/etc/kserve-auth/policies
 * </pre>
 */
@SpringBootApplication
public class SpringBootSample {

  public static void main(String[] args) {
    SpringApplication.run(SpringBootSample.class, args);
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
