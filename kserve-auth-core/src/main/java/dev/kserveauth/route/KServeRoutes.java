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
package dev.kserveauth.route;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 *       top-level {@code "model"} string, read strictly, once (no body: no model). A body
 *       that is not one JSON object naming {@code "model"} exactly once is rejected
 *       ({@link AmbiguousPathException}): JSON parsers disagree on which duplicate wins (Python's
 *       {@code json} and most servers take the last), so deciding on one while the model server
 *       serves the other would bypass a per-model policy.
 *   <li>{@code /}, {@code /health}, {@code /healthz}, {@code /livez}, {@code /readyz}, {@code /live},
 *       {@code /ready}: HEALTH; {@code /metrics}: METRICS (protocol OTHER).
 * </ul>
 * Anything else, including a known path with an empty model name, is {@link KServeRoute#other()},
 * except a recognized route spelled with a trailing {@code /} ({@code /v2/models/m/infer/},
 * {@code /openai/v1/completions/}): routers such as vertx-web (and Spring MVC with trailing-slash
 * matching on) dispatch it to the route, so it is rejected rather than decided as another path.
 * Matching is case-sensitive, as in every router kserve-auth supports ({@code /V2/...} is no route).
 * The verb follows the path, not the method, except for {@code /v1/models/{m}} where the method
 * selects ready / delete / update (so a policy on {@code predict} also covers a {@code GET} on a
 * predict path).
 *
 * @since 0.1
 */
public final class KServeRoutes {

  // standard JSON only: a body two parsers could read differently (NaN, comments...) is refused
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> HEALTH_PATHS = Set.of("/", "/health", "/healthz", "/livez", "/readyz", "/live",
      "/ready");

  private KServeRoutes() {}

  /**
   * As {@link #parse(String, String, byte[])} without a body.
   *
   * @param method the HTTP method
   * @param path the normalized path
   * @return the route; {@link KServeRoute#other()} when the path is not a KServe one
   */
  public static KServeRoute parse(String method, String path) {
    return parse(method, path, null);
  }

  /**
   * Parses a route.
   *
   * @param method HTTP method
   * @param path the normalized path ({@code RequestPaths.normalize}), without query string
   * @param body the request body for OpenAI routes, or {@code null}
   * @return the route, never {@code null}
   * @throws AmbiguousPathException (answer 400) when the path holds a {@code ?} or {@code #} (a
   *     decoded one: the path is never cut there), when a KServe route is spelled with a trailing
   *     {@code /} (routers such as vertx-web dispatch {@code /v2/models/m/infer/} to the
   *     {@code /infer} route), or when an OpenAI-compatible body is not one JSON object naming
   *     {@code "model"} exactly once, as a non-empty string
   */
  public static KServeRoute parse(String method, String path, byte[] body) {
    if (method == null || path == null) {
      return KServeRoute.other();
    }
    if (indexOfAny(path, '?', '#') >= 0) {
      throw new AmbiguousPathException("'?' or '#' in the request path");
    }
    KServeRoute r = parsePath(method, path, body);
    if (r.protocol() == Protocol.OTHER && r.verb() == Verb.OTHER && path.length() > 1 && path.endsWith("/")
        && !parsePath(method, path.substring(0, path.length() - 1), null).equals(KServeRoute.other())) {
      throw new AmbiguousPathException("trailing '/' after a KServe route");
    }
    return r;
  }

  private static KServeRoute parsePath(String method, String p, byte[] body) {
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
   * @return {@code true} when the body must be read before deciding
   */
  public static boolean needsBody(String method, String path) {
    if (!"POST".equals(method) || path == null) {
      return false;
    }
    if (!path.endsWith("completions") && !path.endsWith("embeddings")) {
      return false; // the common case (predict, infer) without hashing the path for the switch
    }
    return switch (path) {
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
    if (p.equals("/v2")) {
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
   * The top-level {@code "model"} of an OpenAI-compatible JSON body, read by the one strict parser
   * kserve-auth has, once per request: the body must be one well-formed JSON object (standard JSON:
   * no {@code NaN}, no comments, nothing after it) whose top level names {@code "model"} exactly
   * once, as a non-empty string. Anything else is refused, so the decision and the model server can
   * never read different models from one body (a duplicate {@code "model"} is the classic parser
   * differential: Jackson's first against Python's last value).
   *
   * @param body the body, or {@code null} when the adapter passed none (then {@code null})
   * @return the model
   * @throws AmbiguousPathException with a caller-safe reason (answer 400) for any other body
   */
  static String modelOf(byte[] body) {
    if (body == null) {
      return null;
    }
    if (body.length == 0) {
      throw new AmbiguousPathException("request body must be a JSON object naming the model");
    }
    try (JsonParser jp = JSON.createParser(body)) {
      if (jp.nextToken() != JsonToken.START_OBJECT) {
        throw new AmbiguousPathException("request body must be a JSON object naming the model");
      }
      String model = null;
      int models = 0;
      JsonToken t;
      while ((t = jp.nextToken()) == JsonToken.FIELD_NAME) {
        String name = jp.currentName();
        JsonToken v = jp.nextToken();
        if ("model".equals(name)) {
          if (++models > 1) {
            throw new AmbiguousPathException("request body names \"model\" more than once");
          }
          if (v != JsonToken.VALUE_STRING || jp.getText().isEmpty()) {
            throw new AmbiguousPathException("\"model\" in the request body must be a non-empty string");
          }
          model = jp.getText();
        } else {
          jp.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || jp.nextToken() != null) {
        throw new AmbiguousPathException("request body is not one well-formed JSON object");
      }
      if (model == null) {
        throw new AmbiguousPathException("request body names no model");
      }
      return model;
    } catch (IOException | RuntimeException e) {
      if (e instanceof AmbiguousPathException a) {
        throw a;
      }
      throw new AmbiguousPathException("request body is not well-formed JSON");
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
