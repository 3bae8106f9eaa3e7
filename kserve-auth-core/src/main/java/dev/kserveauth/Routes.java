package dev.kserveauth;

import dev.kserveauth.route.KServeRoute;

/** Route parsing behind the facade (delegates to the route parser once it is available). */
final class Routes {
  private Routes() {}

  static KServeRoute parse(String method, String path, byte[] body) {
    return KServeRoute.other();
  }

  /** OpenAI-compatible routes name the model in the JSON body. */
  static boolean needsBody(String method, String path) {
    return "POST".equals(method) && path.startsWith("/openai/");
  }
}
