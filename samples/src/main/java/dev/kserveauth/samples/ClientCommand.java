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
import dev.kserveauth.client.DataType;
import dev.kserveauth.client.InferTensor;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceRequestBuilder;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.KServeClient;
import dev.kserveauth.client.KServeClientBuilder;
import dev.kserveauth.client.KServeClientException;
import dev.kserveauth.client.KServeHttpException;
import dev.kserveauth.client.KubernetesTokenRequestProvider;
import dev.kserveauth.client.KubernetesTokenRequestProviderBuilder;
import dev.kserveauth.client.OAuth2ClientCredentialsProvider;
import dev.kserveauth.client.OAuth2ClientCredentialsProviderBuilder;
import dev.kserveauth.client.Routing;
import dev.kserveauth.client.ServiceAccountTokenFileProvider;
import dev.kserveauth.client.TokenProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code client}: calls a model with a token from one provider and prints the response JSON, so a
 * user can try their setup (IdP, policies, routing) from the command line or a Kubernetes Job.
 * Exit 0 on success; 1 with the server's error when the call fails; 2 on a usage error.
 */
final class ClientCommand {

  static final String USAGE = String.join("\n",
      "client --url URL --model M [--protocol v1|v2|grpc] [--host-header H] --data JSON  TOKEN",
      "  TOKEN is one of:",
      "    --token-file F                                       a token file, re-read when it changes (projected SA token)",
      "    --client-id ID --client-secret S (--token-url U | --oidc-issuer ISSUER) [--scope S] [--audience A]",
      "                                                         OAuth2 client credentials (Keycloak, Auth0, Cognito)",
      "    --token-request [--audience A] [--service-account SA]  Kubernetes TokenRequest API, in-cluster",
      "  --data is the request body: V1 {\"instances\": [...]}, V2 {\"inputs\": [{name, shape, datatype, data}]};",
      "  @FILE reads it from a file.",
      "  --protocol grpc calls ModelInfer of inference.GRPCInferenceService at URL (grpc://HOST:PORT or",
      "  http://HOST:PORT plaintext, https://HOST:PORT TLS) with the V2 --data; --host-header sets :authority.");

  private static final Set<String> OPTIONS = Set.of("url", "model", "protocol", "host-header", "data", "token-file",
      "client-id", "client-secret", "token-url", "oidc-issuer", "scope", "audience", "service-account", "timeout");
  private static final Set<String> FLAGS = Set.of("token-request");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientCommand() {}

  static int run(List<String> argv, PrintStream out, PrintStream err) {
    Args a = Args.parse(argv, OPTIONS, FLAGS);
    String url = a.required("url");
    String model = a.required("model");
    String protocol = a.orElse("protocol", "v1");
    if (!protocol.equals("v1") && !protocol.equals("v2") && !protocol.equals("grpc")) {
      throw new Args.UsageException("--protocol must be v1, v2 or grpc, got '" + protocol + "'");
    }
    // every flag is checked here, before a token is fetched or a connection made
    KServeClientBuilder b = KServeClient.builder();
    if (!protocol.equals("grpc")) {
      try {
        b.baseUrl(url);
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException("--url must be an http(s) URL without a query or fragment, got "
            + Args.quote(url));
      }
    }
    if (model.isBlank() || model.contains("/") || model.chars().anyMatch(Character::isISOControl)) {
      throw new Args.UsageException("--model must be a model name (not blank, no '/'), got " + Args.quote(model));
    }
    String hostHeader = a.one("host-header");
    if (hostHeader != null) {
      // a header value: visible ASCII only (no spaces, no line breaks), and a host has no '/'
      if (hostHeader.isEmpty() || hostHeader.contains("/") || hostHeader.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
        throw new Args.UsageException("--host-header must be a host name (no spaces, control characters or '/'), got "
            + Args.quote(hostHeader));
      }
      if (!protocol.equals("grpc")) {
        try {
          b.routing(Routing.host(hostHeader));
        } catch (IllegalArgumentException e) {
          throw new Args.UsageException("--host-header must be a host name, got " + Args.quote(hostHeader));
        }
      }
    }
    Duration timeout = Duration.ofSeconds(a.positiveSeconds("timeout", 30));
    JsonNode data = parseData(a.required("data"));
    TokenProvider tokens = tokenProvider(a);
    if (protocol.equals("grpc")) {
      return GrpcClientCommand.run(url, model, toRequest(data), tokens, timeout, hostHeader, out, err);
    }

    KServeClient client = b.tokenProvider(tokens).timeout(timeout).build();
    try {
      JsonNode response = protocol.equals("v1") ? client.predict(model, data) : toJson(client.infer(model, toRequest(data)));
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(response));
      return 0;
    } catch (KServeHttpException e) {
      err.println("error: " + e.method() + " " + e.path() + " answered " + e.status() + ": "
          + e.error().or(e::detail).orElse(e.body().isBlank() ? "(no body)" : e.body()));
      return 1;
    } catch (KServeClientException e) {
      err.println("error: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return 1;
    } catch (IOException e) {
      err.println("error: cannot print the response: " + e.getMessage());
      return 1;
    }
  }

  /** Exactly one token provider, from the options given. */
  static TokenProvider tokenProvider(Args a) {
    List<String> chosen = new ArrayList<>();
    if (a.has("token-file")) {
      chosen.add("--token-file");
    }
    if (a.has("client-id") || a.has("client-secret")) {
      chosen.add("--client-id/--client-secret");
    }
    if (a.has("token-request")) {
      chosen.add("--token-request");
    }
    if (chosen.size() != 1) {
      throw new Args.UsageException(chosen.isEmpty()
          ? "give one token provider: --token-file, --client-id/--client-secret, or --token-request"
          : "give only one token provider, got " + String.join(" and ", chosen));
    }
    if (a.has("token-file")) {
      String file = a.one("token-file");
      Path path;
      try {
        path = Path.of(file);
      } catch (java.nio.file.InvalidPathException e) {
        throw new Args.UsageException("--token-file " + Args.quote(file) + " is not a file name: " + e.getReason());
      }
      if (java.nio.file.Files.isDirectory(path)) {
        throw new Args.UsageException("--token-file " + Args.quote(file) + " is a directory, not a token file");
      }
      // a file that does not exist (yet) is not a usage error: the provider says so when it reads it (exit 1)
      return ServiceAccountTokenFileProvider.of(path);
    }
    if (a.has("token-request")) {
      KubernetesTokenRequestProviderBuilder k = KubernetesTokenRequestProvider.builder().inCluster();
      if (a.has("audience")) {
        k.audiences(a.one("audience"));
      }
      if (a.has("service-account")) {
        k.serviceAccount(a.one("service-account"));
      }
      return k.expiration(Duration.ofMinutes(10)).build();
    }
    String clientId = a.required("client-id");
    String clientSecret = a.required("client-secret");
    if (clientId.isBlank()) {
      throw new Args.UsageException("--client-id must not be blank");
    }
    if (clientSecret.isBlank()) {
      throw new Args.UsageException("--client-secret must not be blank");
    }
    OAuth2ClientCredentialsProviderBuilder o = OAuth2ClientCredentialsProvider.builder()
        .clientId(clientId)
        .clientSecret(clientSecret);
    if (a.has("token-url") == a.has("oidc-issuer")) {
      throw new Args.UsageException("client credentials need exactly one of --token-url or --oidc-issuer");
    }
    String endpointOption = a.has("token-url") ? "token-url" : "oidc-issuer";
    String endpoint = a.one(endpointOption);
    try {
      if (a.has("token-url")) {
        o.tokenEndpoint(endpoint);
      } else {
        o.issuer(endpoint);
      }
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--" + endpointOption + " must be an http(s) URL, got " + Args.quote(endpoint));
    }
    if (a.has("scope")) {
      o.scopes(a.all("scope").toArray(String[]::new));
    }
    if (a.has("audience")) {
      o.audience(a.one("audience"));
    }
    return o.build();
  }

  private static JsonNode parseData(String data) {
    String text = data;
    try {
      if (data.startsWith("@")) {
        text = java.nio.file.Files.readString(Path.of(data.substring(1)), StandardCharsets.UTF_8);
      }
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject()) {
        throw new Args.UsageException("--data must be a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Args.UsageException("--data is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Args.UsageException("cannot read --data " + data + ": " + e.getMessage());
    }
  }

  /** An Open Inference Protocol request from its JSON form (numeric, boolean and string tensors). */
  static InferenceRequest toRequest(JsonNode body) {
    JsonNode inputs = body.path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw new Args.UsageException("a V2 --data needs \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]");
    }
    InferenceRequestBuilder b = InferenceRequest.builder();
    if (body.hasNonNull("id")) {
      b.id(body.get("id").asText());
    }
    for (JsonNode in : inputs) {
      String name = in.path("name").asText(null);
      if (name == null || !in.path("shape").isArray()) {
        throw new Args.UsageException("every input needs a name and a shape");
      }
      long[] shape = new long[in.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = in.get("shape").get(i).asLong();
      }
      List<JsonNode> flat = new ArrayList<>();
      flatten(in.path("data"), flat);
      DataType type;
      try {
        type = DataType.fromWire(in.path("datatype").asText());
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException(e.getMessage());
      }
      try {
        b.input(tensor(name, type, shape, flat));
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException("input '" + name + "': " + e.getMessage());
      }
    }
    return b.build();
  }

  private static InferTensor tensor(String name, DataType type, long[] shape, List<JsonNode> flat) {
    int n = flat.size();
    switch (type) {
      case FP32: {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = (float) flat.get(i).asDouble();
        }
        return InferTensor.fp32(name, shape, v);
      }
      case FP64: {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = flat.get(i).asDouble();
        }
        return InferTensor.fp64(name, shape, v);
      }
      case INT32: {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = flat.get(i).asInt();
        }
        return InferTensor.int32(name, shape, v);
      }
      case INT64: {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = flat.get(i).asLong();
        }
        return InferTensor.int64(name, shape, v);
      }
      case BOOL: {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = flat.get(i).asBoolean();
        }
        return InferTensor.bool(name, shape, v);
      }
      case BYTES: {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
          v[i] = flat.get(i).asText();
        }
        return InferTensor.strings(name, shape, v);
      }
      default:
        throw new IllegalArgumentException("datatype " + type + " is not supported by this sample; use FP32, FP64,"
            + " INT32, INT64, BOOL or BYTES");
    }
  }

  private static void flatten(JsonNode n, List<JsonNode> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n);
    }
  }

  /** The response as Open Inference Protocol JSON. */
  static JsonNode toJson(InferenceResponse r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model_name", r.modelName());
    if (r.modelVersion() != null) {
      o.put("model_version", r.modelVersion());
    }
    if (r.id() != null) {
      o.put("id", r.id());
    }
    o.set("parameters", JSON.valueToTree(r.parameters()));
    ArrayNode outputs = o.putArray("outputs");
    for (InferTensor t : r.outputs()) {
      ObjectNode to = outputs.addObject();
      to.put("name", t.name());
      to.put("datatype", t.datatype().name());
      ArrayNode shape = to.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      to.set("data", JSON.valueToTree(switch (t.datatype()) {
        case FP32, FP16 -> t.floats();
        case FP64 -> t.doubles();
        case BOOL -> t.booleans();
        case BYTES -> t.byteElements().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        default -> t.longs();
      }));
      if (!t.parameters().isEmpty()) {
        to.set("parameters", JSON.valueToTree(Map.copyOf(t.parameters())));
      }
    }
    return o;
  }
}
