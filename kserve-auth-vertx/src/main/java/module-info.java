/**
 * The Vert.x Web adapter (4.5 and 5): {@link dev.kserveauth.vertx.KServeAuthHandler} translates a routing
 * context for the core facade.
 *
 * @since 0.1
 */
module dev.kserveauth.vertx {
  requires transitive dev.kserveauth.core;
  requires transitive io.vertx.core;
  requires transitive io.vertx.web;
  requires io.vertx.auth.common;
  requires org.slf4j;

  exports dev.kserveauth.vertx;
}
