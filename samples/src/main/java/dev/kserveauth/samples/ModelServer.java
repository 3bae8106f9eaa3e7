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
package dev.kserveauth.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The model-server half of the samples: a transport-neutral KServe V1 and Open Inference Protocol
 * (V2) endpoint serving {@link IrisModel} under one or more model names. The servlet and Vert.x
 * predictors hand it method, path and body and write back what it returns; authentication and
 * authorization happen before, in the kserve-auth filter or handler, so nothing here knows about
 * tokens.
 *
 * <p>Routes (bodies as KServe's Python server answers them):
 * <ul>
 *   <li>{@code GET /}, {@code GET /health}: liveness; {@code GET /metrics}: Prometheus text
 *   <li>{@code GET /v1/models}, {@code GET /v1/models/{m}} (ready, 503 when unloaded),
 *       {@code POST /v1/models/{m}:predict}, {@code POST /v1/models/{m}:explain},
 *       {@code DELETE /v1/models/{m}} (admin: unload), {@code PUT /v1/models/{m}} (admin: load)
 *   <li>{@code GET /v2/health/live|ready}, {@code GET /v2}, {@code GET /v2/models/{m}[/versions/1]},
 *       {@code GET /v2/models/{m}[/versions/1]/ready}, {@code POST /v2/models/{m}[/versions/1]/infer}
 * </ul>
 * Errors use KServe's shape {@code {"error": "..."}}. Thread-safe.
 */
public final class ModelServer {

  /** What to send back: status, content type and body. */
  public record Reply(int status, String contentType, String body) {
    static Reply json(int status, JsonNode body) {
      return new Reply(status, "application/json", body.toString());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "1";

  private final IrisModel model = new IrisModel();
  private final List<String> configured;
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();
  private final Supplier<String> metrics;

  /**
   * @param models the model names to serve (all loaded at start)
   * @param metrics the Prometheus scrape text for {@code /metrics}, or {@code null} for none
   */
  public ModelServer(Collection<String> models, Supplier<String> metrics) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("at least one model name is needed");
    }
    this.configured = List.copyOf(new LinkedHashSet<>(models));
    this.metrics = metrics;
    reset();
  }

  /** The configured model names. */
  public List<String> models() {
    return configured;
  }

  /** Loads every configured model again (the demo runs each row on a fresh repository). */
  public void reset() {
    loaded.clear();
    loaded.addAll(configured);
  }

  /**
   * Serves one request.
   *
   * @param method HTTP method
   * @param path the decoded request path, without query string
   * @param body the request body (may be empty)
   * @return the reply; never throws for bad input
   */
  public Reply handle(String method, String path, byte[] body) {
    try {
      return route(method, path, body == null ? new byte[0] : body);
    } catch (BadRequest e) {
      return error(400, e.getMessage());
    } catch (RuntimeException e) {
      return error(500, e.getClass().getSimpleName() + " : " + e.getMessage());
    }
  }

  private Reply route(String method, String path, byte[] body) {
    if (path.equals("/") && method.equals("GET")) {
      return Reply.json(200, obj().put("status", "alive"));
    }
    if (path.equals("/health") && method.equals("GET")) {
      return Reply.json(200, obj().put("status", "healthy").put("models", loaded.size()));
    }
    if (path.equals("/metrics") && method.equals("GET")) {
      return metrics == null
          ? error(404, "metrics are not enabled")
          : new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
    }
    if (path.equals("/v1/models") && method.equals("GET")) {
      ArrayNode names = JSON.createArrayNode();
      configured.stream().filter(loaded::contains).forEach(names::add);
      return Reply.json(200, obj().set("models", names));
    }
    if (path.startsWith("/v1/models/")) {
      return v1(method, path.substring("/v1/models/".length()), body);
    }
    if (path.equals("/v2/health/live") && method.equals("GET")) {
      return Reply.json(200, obj().put("live", true));
    }
    if (path.equals("/v2/health/ready") && method.equals("GET")) {
      return Reply.json(200, obj().put("ready", true));
    }
    if ((path.equals("/v2") || path.equals("/v2/")) && method.equals("GET")) {
      return Reply.json(200, obj().put("name", "kserve-auth-samples").put("version", "0.1.0")
          .set("extensions", JSON.createArrayNode()));
    }
    if (path.startsWith("/v2/models/")) {
      return v2(method, path.substring("/v2/models/".length()), body);
    }
    return error(404, "Not Found");
  }

  private Reply v1(String method, String rest, byte[] body) {
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && !rest.contains("/")) {
      String name = rest.substring(0, colon);
      String verb = rest.substring(colon + 1);
      if (!method.equals("POST")) {
        return error(405, "Method Not Allowed");
      }
      Reply missing = requireReady(name);
      if (missing != null) {
        return missing;
      }
      List<double[]> instances = v1Instances(body);
      if (verb.equals("predict")) {
        ArrayNode predictions = JSON.createArrayNode();
        model.predictAll(instances).forEach(predictions::add);
        return Reply.json(200, obj().set("predictions", predictions));
      }
      if (verb.equals("explain")) {
        ArrayNode predictions = JSON.createArrayNode();
        ArrayNode explanations = JSON.createArrayNode();
        for (double[] x : instances) {
          predictions.add(model.predict(x));
          explanations.add(JSON.valueToTree(model.explain(x)));
        }
        ObjectNode out = obj();
        out.set("predictions", predictions);
        out.set("explanations", explanations);
        return Reply.json(200, out);
      }
      return error(404, "Not Found");
    }
    if (rest.isEmpty() || rest.contains("/")) {
      return error(404, "Not Found");
    }
    String name = rest;
    switch (method) {
      case "GET":
        Reply missing = requireReady(name);
        return missing != null ? missing : Reply.json(200, obj().put("name", name).put("ready", true));
      case "DELETE":
        if (!configured.contains(name)) {
          return notFound(name);
        }
        loaded.remove(name);
        return Reply.json(200, obj().put("name", name).put("unloaded", true));
      case "PUT":
        if (!configured.contains(name)) {
          return notFound(name);
        }
        loaded.add(name);
        return Reply.json(200, obj().put("name", name).put("load", true));
      default:
        return error(405, "Method Not Allowed");
    }
  }

  private Reply v2(String method, String rest, byte[] body) {
    if (rest.isEmpty()) {
      return error(404, "Not Found");
    }
    String[] parts = rest.split("/", -1);
    String name = parts[0];
    int i = 1;
    if (parts.length > i + 1 && parts[i].equals("versions")) {
      if (!parts[i + 1].equals(VERSION)) {
        return error(404, "Model " + name + " has no version " + parts[i + 1] + ".");
      }
      i += 2;
    }
    String action = parts.length > i ? parts[i] : "";
    if (parts.length > i + 1) {
      return error(404, "Not Found");
    }
    Reply missing = requireReady(name);
    switch (action) {
      case "":
        if (!method.equals("GET")) {
          return error(405, "Method Not Allowed");
        }
        return missing != null ? missing : Reply.json(200, metadata(name));
      case "ready":
        if (!method.equals("GET")) {
          return error(405, "Method Not Allowed");
        }
        return missing != null ? missing : Reply.json(200, obj().put("name", name).put("ready", true));
      case "infer":
        if (!method.equals("POST")) {
          return error(405, "Method Not Allowed");
        }
        return missing != null ? missing : infer(name, body);
      default:
        return error(404, "Not Found");
    }
  }

  private ObjectNode metadata(String name) {
    ObjectNode in = obj().put("name", "input-0").put("datatype", "FP32");
    in.set("shape", JSON.createArrayNode().add(-1).add(IrisModel.FEATURES));
    ObjectNode out = obj().put("name", "output-0").put("datatype", "INT64");
    out.set("shape", JSON.createArrayNode().add(-1));
    ObjectNode md = obj().put("name", name);
    md.set("versions", JSON.createArrayNode().add(VERSION));
    md.put("platform", "java-iris");
    md.set("inputs", JSON.createArrayNode().add(in));
    md.set("outputs", JSON.createArrayNode().add(out));
    return md;
  }

  private Reply infer(String name, byte[] body) {
    JsonNode req = parse(body);
    JsonNode inputs = req.path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw new BadRequest("\"inputs\" must be a non-empty list of tensors");
    }
    JsonNode t = inputs.get(0);
    JsonNode shape = t.path("shape");
    List<Double> flat = new ArrayList<>();
    flatten(t.path("data"), flat);
    if (!shape.isArray() || shape.size() != 2 || shape.get(1).asLong() != IrisModel.FEATURES) {
      throw new BadRequest("input \"" + t.path("name").asText() + "\" must have shape [N, 4], got " + shape);
    }
    long rows = shape.get(0).asLong();
    if (rows < 1 || rows * IrisModel.FEATURES != flat.size()) {
      throw new BadRequest("shape " + shape + " does not match " + flat.size() + " data elements");
    }
    ArrayNode data = JSON.createArrayNode();
    for (int r = 0; r < rows; r++) {
      double[] x = new double[IrisModel.FEATURES];
      for (int c = 0; c < IrisModel.FEATURES; c++) {
        x[c] = flat.get(r * IrisModel.FEATURES + c);
      }
      data.add(model.predict(x));
    }
    ObjectNode output = obj().put("name", "output-0").put("datatype", "INT64");
    output.set("shape", JSON.createArrayNode().add(rows));
    output.set("data", data);
    ObjectNode res = obj().put("model_name", name).put("model_version", VERSION);
    res.put("id", req.hasNonNull("id") ? req.get("id").asText() : java.util.UUID.randomUUID().toString());
    res.set("parameters", obj());
    res.set("outputs", JSON.createArrayNode().add(output));
    return Reply.json(200, res);
  }

  private static void flatten(JsonNode node, List<Double> out) {
    if (node.isArray()) {
      for (JsonNode n : node) {
        flatten(n, out);
      }
    } else if (node.isNumber()) {
      out.add(node.asDouble());
    } else {
      throw new BadRequest("tensor data must be numbers, got " + node.getNodeType());
    }
  }

  private static List<double[]> v1Instances(byte[] body) {
    JsonNode req = parse(body);
    JsonNode instances = req.has("instances") ? req.get("instances") : req.get("inputs");
    if (instances == null || !instances.isArray()) {
      throw new BadRequest("Expected \"instances\" to be a list");
    }
    List<double[]> out = new ArrayList<>();
    for (JsonNode inst : instances) {
      if (!inst.isArray() || inst.size() != IrisModel.FEATURES) {
        throw new BadRequest("each instance must be a list of " + IrisModel.FEATURES + " numbers");
      }
      double[] x = new double[IrisModel.FEATURES];
      for (int i = 0; i < x.length; i++) {
        if (!inst.get(i).isNumber()) {
          throw new BadRequest("each instance must be a list of " + IrisModel.FEATURES + " numbers");
        }
        x[i] = inst.get(i).asDouble();
      }
      out.add(x);
    }
    return out;
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new BadRequest("request body is empty; expected JSON");
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new BadRequest("request body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new BadRequest("request body is not valid JSON");
    }
  }

  private Reply requireReady(String name) {
    if (!configured.contains(name)) {
      return notFound(name);
    }
    if (!loaded.contains(name)) {
      return error(503, "Model with name " + name + " is not ready.");
    }
    return null;
  }

  private static Reply notFound(String name) {
    return error(404, "Model with name " + name + " does not exist.");
  }

  private static Reply error(int status, String message) {
    return Reply.json(status, obj().put("error", message));
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
