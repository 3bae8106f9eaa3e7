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

import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.grpc.GrpcTensors;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.grpc.v2.ServerLiveRequest;
import dev.kserveauth.grpc.v2.ServerMetadataRequest;
import dev.kserveauth.grpc.v2.ServerReadyRequest;
import dev.kserveauth.samples.DemoMatrix.Expected;
import dev.kserveauth.samples.DemoMatrix.Row;
import dev.kserveauth.samples.DemoMatrix.Token;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decision matrix over gRPC: every row of {@link DemoMatrix} that the Open Inference Protocol's
 * {@code inference.GRPCInferenceService} can express, as the same logical call over gRPC (a V1
 * {@code :predict} or V2 {@code infer} is a {@code ModelInfer} on the same model with the same
 * instances; {@code /health} is {@code ServerLive}), plus one row per other RPC. Rows the gRPC
 * service has no RPC for (unloading a model, {@code /metrics}) are listed as such.
 */
final class DemoGrpc {
  private DemoGrpc() {}

  static final String SERVICE = "/inference.GRPCInferenceService/";
  private static final Pattern V1_PREDICT = Pattern.compile("/v1/models/([^/:]+):predict");
  private static final Pattern V2_INFER = Pattern.compile("/v2/models/([^/]+)/infer");
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
      Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> WWW_AUTHENTICATE = Metadata.Key.of("www-authenticate",
      Metadata.ASCII_STRING_MARSHALLER);

  /** A matrix row over gRPC: the RPC and its model (or {@code null}) in place of the REST request. */
  record GrpcRow(Row row, String rpc, String model) {
    String request() {
      return rpc + (model == null ? "" : "(" + model + ")");
    }
  }

  /** The gRPC form of a REST row, or {@code null} when the gRPC service has no RPC for it. */
  static GrpcRow of(Row r) {
    Matcher v1 = V1_PREDICT.matcher(r.path());
    Matcher v2 = V2_INFER.matcher(r.path());
    Expected e = r.expected();
    if (r.method().equals("POST") && (v1.matches() || v2.matches())) {
      String model = v1.matches() ? v1.group(1) : v2.group(1);
      // the V1 body's two instances answer [1, 0]; a V2 answer has outputs
      Expected g = e.status() != 200 ? e : Expected.ok(v1.matches() ? "\"data\":[1,0]" : "\"outputs\"");
      return new GrpcRow(new Row(r.number(), "POST", SERVICE + "ModelInfer", r.body(), r.token(), r.at(), g),
          "ModelInfer", model);
    }
    if (r.method().equals("GET") && r.path().equals("/health")) {
      return new GrpcRow(new Row(r.number(), "POST", SERVICE + "ServerLive", null, r.token(), r.at(),
          e.status() != 200 ? e : Expected.ok("live:true")), "ServerLive", null);
    }
    return null;
  }

  /** One row for each RPC the REST matrix does not already cover. */
  static List<GrpcRow> extraRows() {
    java.time.Instant t = DemoMatrix.WEEKDAY_10_00;
    return List.of(
        new GrpcRow(new Row(14, "POST", SERVICE + "ServerReady", null, Token.NONE, t, Expected.ok("ready:true")),
            "ServerReady", null),
        new GrpcRow(new Row(15, "POST", SERVICE + "ModelReady", null, Token.DS, t, Expected.ok("ready:true")),
            "ModelReady", "sklearn-iris"),
        new GrpcRow(new Row(16, "POST", SERVICE + "ServerMetadata", null, Token.DS, t, Expected.ok("name:")),
            "ServerMetadata", null),
        new GrpcRow(new Row(17, "POST", SERVICE + "ModelMetadata", null, Token.DS, t, Expected.ok("input-0")),
            "ModelMetadata", "sklearn-iris"),
        new GrpcRow(new Row(18, "POST", SERVICE + "ModelMetadata", null, Token.DS, t, Expected.forbidden()),
            "ModelMetadata", "production-fraud"),
        new GrpcRow(new Row(19, "POST", SERVICE + "ModelReady", null, Token.DS, DemoMatrix.WEEKDAY_22_00,
            Expected.forbidden()), "ModelReady", "dev-churn"),
        new GrpcRow(new Row(20, "POST", SERVICE + "ModelInfer", null, Token.NONE, t,
            new Expected(401, null, true, null, null)), "ModelInfer", "sklearn-iris"));
  }

  /** Every gRPC row: the mapped matrix rows, then the extra ones. */
  static List<GrpcRow> rows() {
    List<GrpcRow> out = new ArrayList<>();
    for (Row r : DemoMatrix.rows()) {
      GrpcRow g = of(r);
      if (g != null) {
        out.add(g);
      }
    }
    out.addAll(extraRows());
    return out;
  }

  /** The HTTP status a gRPC status stands for (the interceptor's mapping, reversed). */
  static int httpOf(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case INVALID_ARGUMENT -> 400;
      case NOT_FOUND -> 404;
      case RESOURCE_EXHAUSTED -> 413;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  /** Calls rows on one gRPC predictor. */
  static final class Caller implements AutoCloseable {
    private final ManagedChannel channel;

    Caller(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    DemoCaller.Response call(GrpcRow g, String token) {
      Metadata md = new Metadata();
      if (token != null) {
        md.put(AUTHORIZATION, "Bearer " + token);
      }
      var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .withDeadlineAfter(20, TimeUnit.SECONDS);
      try {
        String body = switch (g.rpc()) {
          case "ModelInfer" -> ClientCommand.toJson(GrpcTensors.response(stub.modelInfer(infer(g)))).toString();
          case "ServerLive" -> stub.serverLive(ServerLiveRequest.getDefaultInstance()).toString();
          case "ServerReady" -> stub.serverReady(ServerReadyRequest.getDefaultInstance()).toString();
          case "ModelReady" -> stub.modelReady(ModelReadyRequest.newBuilder().setName(g.model()).build()).toString();
          case "ServerMetadata" -> stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).toString();
          case "ModelMetadata" -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(g.model()).build())
              .toString();
          default -> throw new IllegalArgumentException(g.rpc());
        };
        return new DemoCaller.Response(200, null, body);
      } catch (StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        return new DemoCaller.Response(httpOf(e.getStatus().getCode()),
            trailers == null ? null : trailers.get(WWW_AUTHENTICATE),
            e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      }
    }

    /** The row's instances as input-0, FP32, [N, 4] (the V1 body's instances or the V2 body's tensor). */
    private static ModelInferRequest infer(GrpcRow g) {
      String body = g.row().body() == null ? DemoMatrix.V2_BODY : g.row().body();
      InferenceRequest r;
      try {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        if (n.has("instances")) {
          com.fasterxml.jackson.databind.node.ObjectNode v2 = new com.fasterxml.jackson.databind.ObjectMapper()
              .createObjectNode();
          com.fasterxml.jackson.databind.node.ObjectNode t = v2.putArray("inputs").addObject();
          t.put("name", "input-0").put("datatype", "FP32");
          t.putArray("shape").add(n.get("instances").size()).add(4);
          t.set("data", n.get("instances"));
          n = v2;
        }
        r = ClientCommand.toRequest(n);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return GrpcTensors.request(g.model(), null, r);
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
