package dev.kserveauth.route;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.kserveauth.http.AmbiguousPathException;
import dev.kserveauth.route.KServeRoute.Protocol;
import dev.kserveauth.route.KServeRoute.Verb;
import java.io.IOException;
import java.util.Set;

/**
 * Parses a request line (and, for OpenAI-compatible routes, the JSON body) into a {@link KServeRoute}.
 *
 * <pre>{@code
 * KServeRoutes.parse("POST", "/v1/models/iris:predict", null);
 *   // KServeRoute[protocol=V1, verb=PREDICT, model=iris, version=null]
 * KServeRoutes.parse("POST", "/v2/models/iris/versions/2/infer", null);
 *   // KServeRoute[protocol=V2, verb=INFER, model=iris, version=2]
 * KServeRoutes.parse("POST", "/openai/v1/chat/completions", "{\"model\":\"llama\"}".getBytes(UTF_8));
 *   // KServeRoute[protocol=OPENAI, verb=GENERATE, model=llama, version=null]
 * }</pre>
 *
 * <p>Recognized routes:
 * <ul>
 *   <li>V1: {@code GET /v1/models} list; {@code GET /v1/models/{m}} ready; {@code DELETE} / {@code PUT
 *       /v1/models/{m}} delete / update; {@code /v1/models/{m}:predict}, {@code :explain}.
 *   <li>V2 (Open Inference Protocol): {@code /v2/health/live|ready} health; {@code /v2} server
 *       metadata; {@code /v2/models/{m}[/versions/{v}]} metadata, {@code /ready}, {@code /infer},
 *       {@code /generate} ({@code /generate_stream} too); {@code /v2/repository/index} list;
 *       {@code /v2/repository/models/{m}/load|unload}.
 *   <li>OpenAI-compatible ({@code /openai/v1/...}, also without the {@code /openai} prefix):
 *       {@code completions}, {@code chat/completions} generate; {@code embeddings} infer;
 *       {@code models} list, {@code models/{m}} metadata. The model comes from the body's
 *       top-level {@code "model"} string (absent or unparseable body: no model). A body that names
 *       {@code "model"} more than once is rejected ({@link AmbiguousPathException}): JSON parsers
 *       disagree on which duplicate wins (Python's {@code json} and most servers take the last), so
 *       deciding on one while the model server serves the other would bypass a per-model policy.
 *   <li>{@code /}, {@code /health}, {@code /healthz}, {@code /livez}, {@code /readyz}, {@code /live},
 *       {@code /ready}: HEALTH; {@code /metrics}: METRICS (protocol OTHER).
 * </ul>
 * Anything else, including a known path with an empty model name, is {@link KServeRoute#other()}.
 * The verb follows the path, not the method, except for {@code /v1/models/{m}} where the method
 * selects ready / delete / update (so a policy on {@code predict} also covers a {@code GET} on a
 * predict path).
 */
public final class KServeRoutes {

  // As lenient as Python's json module where that changes what a body means (NaN/Infinity), so that
  // a body the model server accepts is never "unparseable, no model" here.
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  private static final Set<String> HEALTH_PATHS = Set.of("/", "/health", "/healthz", "/livez", "/readyz", "/live",
      "/ready");

  private KServeRoutes() {}

  /** As {@link #parse(String, String, byte[])} without a body. */
  public static KServeRoute parse(String method, String path) {
    return parse(method, path, null);
  }

  /**
   * Parses a route.
   *
   * @param method HTTP method
   * @param path the (normalized) path; a query string or fragment is ignored
   * @param body the request body for OpenAI routes, or {@code null}
   * @return the route, never {@code null}
   * @throws AmbiguousPathException when an OpenAI-compatible body names {@code "model"} twice (answer 400)
   */
  public static KServeRoute parse(String method, String path, byte[] body) {
    if (method == null || path == null) {
      return KServeRoute.other();
    }
    int q = indexOfAny(path, '?', '#');
    String p = q >= 0 ? path.substring(0, q) : path;
    if (p.startsWith("/v1/models")) {
      KServeRoute r = v1(method, p);
      if (r != null) {
        return r;
      }
    }
    if (p.equals("/v2") || p.startsWith("/v2/")) {
      return v2(p);
    }
    if (p.startsWith("/openai/v1/")) {
      return openAi(p.substring("/openai/v1/".length()), body);
    }
    if (p.equals("/v1/completions") || p.equals("/v1/chat/completions") || p.equals("/v1/embeddings")) {
      return openAi(p.substring("/v1/".length()), body);
    }
    if (HEALTH_PATHS.contains(p)) {
      return new KServeRoute(Protocol.OTHER, Verb.HEALTH, null, null);
    }
    if (p.equals("/metrics")) {
      return new KServeRoute(Protocol.OTHER, Verb.METRICS, null, null);
    }
    return KServeRoute.other();
  }

  /**
   * Whether the route's model is named in the JSON body (OpenAI-compatible generate/infer routes),
   * so an adapter knows to buffer the body before deciding.
   *
   * @param method HTTP method
   * @param path the normalized path
   */
  public static boolean needsBody(String method, String path) {
    if (!"POST".equals(method) || path == null) {
      return false;
    }
    int q = indexOfAny(path, '?', '#');
    String p = q >= 0 ? path.substring(0, q) : path;
    if (!p.endsWith("completions") && !p.endsWith("embeddings")) {
      return false; // the common case (predict, infer) without hashing the path for the switch
    }
    return switch (p) {
      case "/openai/v1/completions", "/openai/v1/chat/completions", "/openai/v1/embeddings", "/v1/completions",
          "/v1/chat/completions", "/v1/embeddings" -> true;
      default -> false;
    };
  }

  private static KServeRoute v1(String method, String p) {
    if (p.equals("/v1/models")) {
      return new KServeRoute(Protocol.V1, Verb.LIST, null, null);
    }
    if (!p.startsWith("/v1/models/")) {
      return null;
    }
    String rest = p.substring("/v1/models/".length());
    if (rest.isEmpty() || rest.indexOf('/') >= 0) {
      return KServeRoute.other();
    }
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      String model = rest.substring(0, colon);
      Verb verb = switch (rest.substring(colon + 1)) {
        case "predict" -> Verb.PREDICT;
        case "explain" -> Verb.EXPLAIN;
        default -> null;
      };
      if (verb != null) {
        return model.isEmpty() ? KServeRoute.other() : new KServeRoute(Protocol.V1, verb, model, null);
      }
    }
    Verb verb = switch (method) {
      case "GET", "HEAD" -> Verb.READY;
      case "DELETE" -> Verb.DELETE;
      case "PUT" -> Verb.UPDATE;
      default -> Verb.OTHER;
    };
    return new KServeRoute(Protocol.V1, verb, rest, null);
  }

  private static KServeRoute v2(String p) {
    if (p.equals("/v2") || p.equals("/v2/")) {
      return new KServeRoute(Protocol.V2, Verb.METADATA, null, null);
    }
    String[] s = p.substring(1).split("/", -1);
    // s[0] == "v2"
    if (s.length == 3 && s[1].equals("health") && (s[2].equals("live") || s[2].equals("ready"))) {
      return new KServeRoute(Protocol.V2, Verb.HEALTH, null, null);
    }
    if (s.length == 3 && s[1].equals("repository") && s[2].equals("index")) {
      return new KServeRoute(Protocol.V2, Verb.LIST, null, null);
    }
    if (s.length == 5 && s[1].equals("repository") && s[2].equals("models") && !s[3].isEmpty()) {
      Verb v = switch (s[4]) {
        case "load" -> Verb.LOAD;
        case "unload" -> Verb.UNLOAD;
        default -> null;
      };
      return v == null ? KServeRoute.other() : new KServeRoute(Protocol.V2, v, s[3], null);
    }
    if (s.length >= 3 && s[1].equals("models") && !s[2].isEmpty()) {
      String model = s[2];
      String version = null;
      int i = 3;
      if (s.length >= 5 && s[3].equals("versions") && !s[4].isEmpty()) {
        version = s[4];
        i = 5;
      }
      if (i == s.length) {
        return new KServeRoute(Protocol.V2, Verb.METADATA, model, version);
      }
      if (i == s.length - 1) {
        Verb v = switch (s[i]) {
          case "ready" -> Verb.READY;
          case "infer" -> Verb.INFER;
          case "generate", "generate_stream" -> Verb.GENERATE;
          default -> null;
        };
        if (v != null) {
          return new KServeRoute(Protocol.V2, v, model, version);
        }
      }
    }
    return KServeRoute.other();
  }

  private static KServeRoute openAi(String rest, byte[] body) {
    return switch (rest) {
      case "completions", "chat/completions" -> new KServeRoute(Protocol.OPENAI, Verb.GENERATE, modelOf(body), null);
      case "embeddings" -> new KServeRoute(Protocol.OPENAI, Verb.INFER, modelOf(body), null);
      case "models" -> new KServeRoute(Protocol.OPENAI, Verb.LIST, null, null);
      default -> rest.startsWith("models/") && rest.length() > 7 && rest.indexOf('/', 7) < 0
          ? new KServeRoute(Protocol.OPENAI, Verb.METADATA, rest.substring(7), null)
          : KServeRoute.other();
    };
  }

  /**
   * The top-level {@code "model"} string of a JSON object body, or {@code null} when the body is
   * absent, not a JSON object, malformed before the field, or the field is not a non-empty string.
   * The whole body is read (the adapters bound its size) so that a second {@code "model"} member is
   * seen wherever it is.
   *
   * @throws AmbiguousPathException when {@code "model"} occurs more than once at the top level
   */
  static String modelOf(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    String model = null;
    boolean seen = false;
    try (JsonParser jp = JSON.createParser(body)) {
      if (jp.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (jp.nextToken() == JsonToken.FIELD_NAME) {
        String name = jp.currentName();
        JsonToken v = jp.nextToken();
        if ("model".equals(name)) {
          if (seen) {
            throw new AmbiguousPathException("request body names \"model\" more than once");
          }
          seen = true;
          model = v == JsonToken.VALUE_STRING && !jp.getText().isEmpty() ? jp.getText() : null;
        }
        jp.skipChildren();
      }
      return model;
    } catch (IOException | RuntimeException e) {
      if (e instanceof AmbiguousPathException a) {
        throw a;
      }
      // malformed after the member (the model server rejects such a body too): keep what was read
      return model;
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
