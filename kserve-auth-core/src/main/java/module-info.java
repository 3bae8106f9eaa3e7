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
