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
/**
 * kserve-auth core: JWT authentication, the policy engine and the {@link dev.kserveauth.KServeAuth} facade
 * that adapters call. Only the public API packages are exported; {@code dev.kserveauth.internal.*} is not.
 *
 * @since 0.1
 */
module dev.kserveauth.core {
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;
  requires com.github.benmanes.caffeine;
  requires okhttp3;
  requires okhttp3.tls;
  requires org.slf4j;
  requires static micrometer.core;

  exports dev.kserveauth;
  exports dev.kserveauth.audit;
  exports dev.kserveauth.authn;
  exports dev.kserveauth.authz;
  exports dev.kserveauth.error;
  exports dev.kserveauth.http;
  exports dev.kserveauth.metrics;
  exports dev.kserveauth.policy;
  exports dev.kserveauth.route;
}
