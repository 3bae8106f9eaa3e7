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
import dev.kserveauth.KServeAuth;
import dev.kserveauth.client.DataType;
import dev.kserveauth.client.InferTensor;
import dev.kserveauth.grpc.GrpcTensors;
import dev.kserveauth.grpc.KServeAuthInterceptor;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.InferTensorContents;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelInferResponse;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelMetadataResponse;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.grpc.v2.ModelReadyResponse;
import dev.kserveauth.grpc.v2.ServerLiveRequest;
import dev.kserveauth.grpc.v2.ServerLiveResponse;
import dev.kserveauth.grpc.v2.ServerMetadataRequest;
import dev.kserveauth.grpc.v2.ServerMetadataResponse;
import dev.kserveauth.grpc.v2.ServerReadyRequest;
import dev.kserveauth.grpc.v2.ServerReadyResponse;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The toy predictor over gRPC: the Open Inference Protocol's {@code inference.GRPCInferenceService}
 * behind {@link KServeAuthInterceptor}, with the same facade (policies, issuers, audit, metrics) as
 * the REST predictor beside it. Every RPC is answered by the same {@link ModelServer} as REST, so
 * both transports serve one model state. {@code ModelInfer} takes {@code input-0}, FP32, shape
 * {@code [N, 4]}, in {@code contents.fp32_contents} or {@code raw_input_contents}, and answers
 * {@code output-0}, INT64, shape {@code [N]}.
 */
final class GrpcPredictor implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final ExecutorService executor;

  private GrpcPredictor(Server server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static GrpcPredictor start(String host, int port, KServeAuth auth, ModelServer models) throws IOException {
    return start(host, port, executor -> KServeAuthInterceptor.create(auth, executor), models);
  }

  /** With an interceptor made for the server's executor (the demo's, which records decisions). */
  static GrpcPredictor start(String host, int port,
      java.util.function.Function<java.util.concurrent.Executor, io.grpc.ServerInterceptor> interceptor,
      ModelServer models) throws IOException {
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "grpc-predictor");
      t.setDaemon(true);
      return t;
    });
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .executor(executor)
        .maxInboundMessageSize(16 * 1024 * 1024)
        .addService(ServerInterceptors.intercept(new Service(models), interceptor.apply(executor)))
        .build().start();
    return new GrpcPredictor(server, executor);
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    executor.shutdownNow();
  }

  /** The six RPCs, answered by the REST predictor's model server. */
  static final class Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private final ModelServer models;

    Service(ModelServer models) {
      this.models = models;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> obs) {
      reply(obs, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> obs) {
      reply(obs, ServerReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> obs) {
      try {
        modelReadyNow(request, obs);
      } catch (io.grpc.StatusRuntimeException e) {
        obs.onError(e);
      }
    }

    private void modelReadyNow(ModelReadyRequest request, StreamObserver<ModelReadyResponse> obs) {
      ModelServer.Reply r = models.handle("GET", modelPath(request.getName(), request.getVersion()) + "/ready",
          new byte[0]);
      if (r.status() == 200 || r.status() == 503) {
        reply(obs, ModelReadyResponse.newBuilder().setReady(r.status() == 200).build());
      } else {
        obs.onError(error(r));
      }
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> obs) {
      JsonNode j = json(models.handle("GET", "/v2", new byte[0]));
      ServerMetadataResponse.Builder b = ServerMetadataResponse.newBuilder().setName(j.path("name").asText())
          .setVersion(j.path("version").asText());
      j.path("extensions").forEach(e -> b.addExtensions(e.asText()));
      reply(obs, b.build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> obs) {
      try {
        modelMetadataNow(request, obs);
      } catch (io.grpc.StatusRuntimeException e) {
        obs.onError(e);
      }
    }

    private void modelMetadataNow(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> obs) {
      ModelServer.Reply r = models.handle("GET", modelPath(request.getName(), request.getVersion()), new byte[0]);
      if (r.status() != 200) {
        obs.onError(error(r));
        return;
      }
      JsonNode j = json(r);
      ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(j.path("name").asText())
          .setPlatform(j.path("platform").asText());
      j.path("versions").forEach(v -> b.addVersions(v.asText()));
      j.path("inputs").forEach(t -> b.addInputs(tensor(t)));
      j.path("outputs").forEach(t -> b.addOutputs(tensor(t)));
      reply(obs, b.build());
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> obs) {
      try {
        modelInferNow(request, obs);
      } catch (io.grpc.StatusRuntimeException e) {
        obs.onError(e);
      }
    }

    private void modelInferNow(ModelInferRequest request, StreamObserver<ModelInferResponse> obs) {
      List<InferTensor> inputs;
      try {
        inputs = GrpcTensors.inputs(request);
      } catch (IllegalArgumentException e) {
        obs.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        return;
      }
      if (inputs.isEmpty()) {
        obs.onError(Status.INVALID_ARGUMENT.withDescription("\"inputs\" must be a non-empty list of tensors")
            .asRuntimeException());
        return;
      }
      InferTensor in = inputs.get(0);
      if (!in.name().equals("input-0") || in.datatype() != DataType.FP32) {
        obs.onError(Status.INVALID_ARGUMENT.withDescription("expected input-0, FP32, shape [N, 4]; got "
            + in.name() + ", " + in.datatype()).asRuntimeException());
        return;
      }
      // the very request REST would get, answered by the same model server
      ObjectNode body = JSON.createObjectNode();
      if (!request.getId().isEmpty()) {
        body.put("id", request.getId());
      }
      ObjectNode t = body.putArray("inputs").addObject().put("name", in.name()).put("datatype", "FP32");
      ArrayNode shape = t.putArray("shape");
      for (long d : in.shape()) {
        shape.add(d);
      }
      ArrayNode data = t.putArray("data");
      for (float f : in.floats()) {
        data.add(f);
      }
      ModelServer.Reply r = models.handle("POST", modelPath(request.getModelName(), request.getModelVersion())
          + "/infer", body.toString().getBytes(StandardCharsets.UTF_8));
      if (r.status() != 200) {
        obs.onError(error(r));
        return;
      }
      JsonNode j = json(r);
      ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(j.path("model_name").asText())
          .setModelVersion(j.path("model_version").asText()).setId(j.path("id").asText());
      for (JsonNode o : j.path("outputs")) {
        ModelInferResponse.InferOutputTensor.Builder ob = ModelInferResponse.InferOutputTensor.newBuilder()
            .setName(o.path("name").asText()).setDatatype(o.path("datatype").asText());
        o.path("shape").forEach(d -> ob.addShape(d.asLong()));
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        o.path("data").forEach(v -> c.addInt64Contents(v.asLong()));
        b.addOutputs(ob.setContents(c));
      }
      reply(obs, b.build());
    }

    /** The REST path of a model; a name that is not one path segment names no model. */
    private static String modelPath(String name, String version) {
      if (!segment(name) || !version.isEmpty() && !segment(version)) {
        throw Status.NOT_FOUND.withDescription("Model with name " + name + " does not exist.").asRuntimeException();
      }
      return "/v2/models/" + name + (version.isEmpty() ? "" : "/versions/" + version);
    }

    private static boolean segment(String s) {
      return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != '%' && c != '?'
          && c != '#');
    }

    private static ModelMetadataResponse.TensorMetadata tensor(JsonNode t) {
      ModelMetadataResponse.TensorMetadata.Builder b = ModelMetadataResponse.TensorMetadata.newBuilder()
          .setName(t.path("name").asText()).setDatatype(t.path("datatype").asText());
      t.path("shape").forEach(d -> b.addShape(d.asLong()));
      return b.build();
    }

    private static JsonNode json(ModelServer.Reply r) {
      try {
        return JSON.readTree(r.body());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static RuntimeException error(ModelServer.Reply r) {
      String msg = json(r).path("error").asText("error " + r.status());
      Status s = switch (r.status()) {
        case 400 -> Status.INVALID_ARGUMENT;
        case 404 -> Status.NOT_FOUND;
        case 503 -> Status.UNAVAILABLE;
        default -> KServeAuthInterceptor.statusOf(r.status());
      };
      return s.withDescription(msg).asRuntimeException();
    }

    private static <T> void reply(StreamObserver<T> obs, T value) {
      obs.onNext(value);
      obs.onCompleted();
    }
  }
}
