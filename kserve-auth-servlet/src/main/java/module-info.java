/**
 * The Jakarta Servlet 6 adapter: {@link dev.kserveauth.servlet.KServeAuthFilter} translates a servlet request
 * and response for the core facade.
 *
 * @since 0.1
 */
module dev.kserveauth.servlet {
  requires transitive dev.kserveauth.core;
  requires transitive jakarta.servlet;
  requires org.slf4j;

  exports dev.kserveauth.servlet;
}
