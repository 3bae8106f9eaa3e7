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
package dev.kserveauth.grpc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.kserveauth.AuthResult;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestHeadersBuilder;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.route.KServeRoute.Protocol;
import dev.kserveauth.route.KServeRoute.Verb;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;

/** How a gRPC call maps to what kserve-auth decides: the request view and the route. */
public final class GrpcCalls {

  /** The Open Inference Protocol's service. */
  public static final String SERVICE = "inference.GRPCInferenceService";

  private static final JsonFactory JSON = new JsonFactory();

  private GrpcCalls() {}

  /**
   * What an RPC is about.
   *
   * @param verb the verb ({@link Verb#OTHER} for an unknown service or method)
   * @param modelField the request message's field naming the model, or {@code null} (decided without the message)
   * @param versionField the field naming the model version, or {@code null}
   */
  public record Rpc(Verb verb, String modelField, String versionField) {
    static final Rpc OTHER = new Rpc(Verb.OTHER, null, null);

    /** Whether the decision waits for the (unary) request message. */
    public boolean needsMessage() {
      return modelField != null;
    }

    /**
     * The route of the call.
     *
     * @param message the request message when {@link #needsMessage()}, else ignored
     * @return the route
     * @throws IllegalArgumentException when the message is no protobuf message naming the model field
     */
    public KServeRoute route(Object message) {
      if (verb == Verb.OTHER) {
        return KServeRoute.other();
      }
      if (modelField == null) {
        return new KServeRoute(Protocol.V2, verb, null, null);
      }
      String model;
      String version;
      if (message instanceof ModelInferRequest m) {
        model = m.getModelName();
        version = m.getModelVersion();
      } else if (message instanceof ModelReadyRequest m) {
        model = m.getName();
        version = m.getVersion();
      } else if (message instanceof ModelMetadataRequest m) {
        model = m.getName();
        version = m.getVersion();
      } else if (message instanceof Message m) {
        // classes generated from the same proto by the application itself
        model = stringField(m, modelField);
        version = stringField(m, versionField);
      } else {
        throw new IllegalArgumentException("not a protobuf message: " + (message == null ? null : message.getClass()));
      }
      return new KServeRoute(Protocol.V2, verb, model, version == null || version.isEmpty() ? null : version);
    }

    private static String stringField(Message m, String name) {
      FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
      if (f == null || f.getJavaType() != FieldDescriptor.JavaType.STRING || f.isRepeated()) {
        throw new IllegalArgumentException(m.getDescriptorForType().getFullName() + " has no string field " + name);
      }
      return (String) m.getField(f);
    }
  }

  private static final Map<String, Rpc> RPCS = Map.of(
      SERVICE + "/ServerLive", new Rpc(Verb.HEALTH, null, null),
      SERVICE + "/ServerReady", new Rpc(Verb.HEALTH, null, null),
      SERVICE + "/ServerMetadata", new Rpc(Verb.METADATA, null, null),
      SERVICE + "/ModelReady", new Rpc(Verb.READY, "name", "version"),
      SERVICE + "/ModelMetadata", new Rpc(Verb.METADATA, "name", "version"),
      SERVICE + "/ModelInfer", new Rpc(Verb.INFER, "model_name", "model_version"));

  /**
   * The RPC of a full method name ({@code service/method}).
   *
   * @param fullMethodName as grpc-java names it
   * @return the RPC; {@code OTHER} for anything but the six of {@code inference.GRPCInferenceService}
   */
  public static Rpc rpc(String fullMethodName) {
    return RPCS.getOrDefault(fullMethodName, Rpc.OTHER);
  }

  /**
   * The request as Istio sees a gRPC call: {@code POST /<full method>}, {@code :authority} as host,
   * the ASCII metadata as headers, the transport's peer as source.
   *
   * @param fullMethodName the method
   * @param authority the call's {@code :authority}, or {@code null}
   * @param headers the call's metadata
   * @param attributes the call's transport attributes
   * @return the view, without body
   */
  public static RequestView view(String fullMethodName, String authority, Metadata headers, Attributes attributes) {
    RequestHeadersBuilder h = RequestHeaders.builder();
    for (String key : headers.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        continue;
      }
      Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
      if (values != null) {
        for (String v : values) {
          h.add(key, v);
        }
      }
    }
    SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    SocketAddress local = attributes.get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
    String ip = remote instanceof InetSocketAddress isa && isa.getAddress() != null
        ? isa.getAddress().getHostAddress() : "";
    int port = local instanceof InetSocketAddress isa ? isa.getPort() : 0;
    return new RequestView("POST", "/" + fullMethodName, authority, h.build(), Map.of(), Map.of(), ip, port, null,
        dev.kserveauth.http.Transport.GRPC);
  }

  /**
   * Applies an allow's header instructions to the metadata the application sees: the token header
   * (unless forwarded) and incoming copies of output headers removed, the output headers set.
   *
   * @param headers the call's metadata
   * @param p the allow
   */
  public static void applyHeaders(Metadata headers, AuthResult.Proceed p) {
    for (String name : p.headersToRemove()) {
      headers.removeAll(Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER));
    }
    p.headersToSet().forEach((k, v) ->
        headers.put(Metadata.Key.of(k.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), ascii(v)));
  }

  /**
   * The reject's HTTP headers but {@code Content-Type}, as trailers ({@code www-authenticate},
   * {@code retry-after}).
   *
   * @param r the reject
   * @return the trailers
   */
  public static Metadata trailers(AuthResult.Reject r) {
    Metadata t = new Metadata();
    r.headers().forEach((k, v) -> {
      if (!"content-type".equalsIgnoreCase(k)) {
        t.put(Metadata.Key.of(k.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), ascii(v));
      }
    });
    return t;
  }

  /**
   * The error text of the reject's JSON body ({@code {"error":"..."}}), as the HTTP body carries it.
   *
   * @param r the reject
   * @return the text; "access denied" when the body has none
   */
  public static String errorText(AuthResult.Reject r) {
    try (JsonParser p = JSON.createParser(r.body())) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          if ("error".equals(name) && t == JsonToken.VALUE_STRING) {
            return p.getText();
          }
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "access denied";
  }

  /** A header value as visible ASCII (a metadata value must be). */
  static String ascii(String v) {
    StringBuilder sb = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        if (sb == null) {
          sb = new StringBuilder(v.substring(0, i));
        }
        sb.append('?');
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? v : sb.toString();
  }
}
