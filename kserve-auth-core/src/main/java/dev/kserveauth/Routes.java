package dev.kserveauth;

import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.route.KServeRoutes;

/** Route parsing behind the facade. */
final class Routes {
  private Routes() {}

  static KServeRoute parse(String method, String path, byte[] body) {
    return KServeRoutes.parse(method, path, body);
  }

  /** OpenAI-compatible routes name the model in the JSON body, so the decision needs it. */
  static boolean needsBody(String method, String path) {
    return KServeRoutes.needsBody(method, path);
  }
}
