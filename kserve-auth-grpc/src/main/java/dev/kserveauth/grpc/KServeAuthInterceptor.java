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
package dev.kserveauth.grpc;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.grpc.internal.GrpcCalls;
import dev.kserveauth.grpc.internal.SerialQueue;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.authn.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects a grpc-java server with a {@link KServeAuth}: every call is decided by the same facade,
 * policies and token rules as the REST adapters, before the application sees it.
 *
 * <p>A call is decided as Istio sees a gRPC request: method {@code POST}, path
 * {@code /<service>/<method>}, host from {@code :authority}, headers from the metadata (ASCII keys;
 * {@code -bin} keys are left out), source address from the transport, the token from
 * {@code authorization} (or where the token rules' {@code fromHeaders} say). For the Open Inference
 * Protocol's {@code inference.GRPCInferenceService}, {@code kserve.verb} comes from the RPC
 * (ServerLive/ServerReady: health, ModelReady: ready, ServerMetadata/ModelMetadata: metadata,
 * ModelInfer: infer) and {@code kserve.model} from the request message
 * ({@code ModelInferRequest.model_name}, {@code ModelReadyRequest.name},
 * {@code ModelMetadataRequest.name}), so the decision waits for that unary message; any other
 * service or method is decided on its path at once. The application's handler is started only
 * after an allow; a denied call never reaches it.
 *
 * <p>A reject closes the call with the status of {@link #statusOf(int)} (401 UNAUTHENTICATED, 403
 * PERMISSION_DENIED, 400 INVALID_ARGUMENT, 413 RESOURCE_EXHAUSTED, 500 INTERNAL, 503 UNAVAILABLE),
 * the HTTP body's error text as description and the HTTP response's headers
 * ({@code www-authenticate}, {@code retry-after}) as trailers. An allowed call runs with the
 * {@link #PRINCIPAL} and {@link #DECISION} in its {@link Context}.
 *
 * <pre>{@code
 * KServeAuth auth = KServeAuth.builder()
 *     .requestAuthentication(Path.of("request-authentication.yaml"))
 *     .policies(Path.of("policies/"))
 *     .build();
 * Server server = NettyServerBuilder.forPort(9000)
 *     .addService(ServerInterceptors.intercept(new MyInferenceService(), KServeAuthInterceptor.create(auth)))
 *     .maxInboundMessageSize(16 * 1024 * 1024)
 *     .build().start();
 * // in the service:
 * Principal who = KServeAuthInterceptor.PRINCIPAL.get();
 * }</pre>
 *
 * @since 0.1
 */
public final class KServeAuthInterceptor implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthInterceptor.class);

  /** The verified principal of the call, or {@code null} when it was allowed without a token. */
  public static final Context.Key<Principal> PRINCIPAL = Context.key("kserve-auth-principal");

  /** The decision that allowed the call. */
  public static final Context.Key<Decision> DECISION = Context.key("kserve-auth-decision");

  private final KServeAuth auth;
  private final Executor executor;

  private KServeAuthInterceptor(KServeAuth auth, Executor executor) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * An interceptor deciding with {@code auth}. A decision that had to wait for an issuer's keys
   * resumes the call on the common fork-join pool; see {@link #create(KServeAuth, Executor)}.
   *
   * @param auth the facade (shared with the REST adapters, if any)
   * @return the interceptor
   */
  public static KServeAuthInterceptor create(KServeAuth auth) {
    return new KServeAuthInterceptor(auth, ForkJoinPool.commonPool());
  }

  /**
   * An interceptor deciding with {@code auth}. A decision is made on the gRPC thread that received
   * the message when the keys are in memory (the common case); one that waited for a JWKS fetch
   * never blocks a gRPC thread and resumes the call (and starts the application's handler) on
   * {@code executor}, typically the server's own executor.
   *
   * @param auth the facade
   * @param executor where a call resumes after an asynchronous decision
   * @return the interceptor
   */
  public static KServeAuthInterceptor create(KServeAuth auth, Executor executor) {
    return new KServeAuthInterceptor(auth, executor);
  }

  /**
   * The gRPC status for an HTTP status of a kserve-auth reject.
   *
   * @param httpStatus the reject's status
   * @return the gRPC status code, without description
   */
  public static Status statusOf(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> Status.INVALID_ARGUMENT;
      case 401 -> Status.UNAUTHENTICATED;
      case 403 -> Status.PERMISSION_DENIED;
      case 404 -> Status.NOT_FOUND;
      case 408 -> Status.DEADLINE_EXCEEDED;
      case 413, 429 -> Status.RESOURCE_EXHAUSTED;
      case 500 -> Status.INTERNAL;
      case 503 -> Status.UNAVAILABLE;
      default -> httpStatus >= 500 ? Status.UNAVAILABLE : Status.PERMISSION_DENIED;
    };
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    RequestView view;
    GrpcCalls.Rpc rpc;
    try {
      String fullMethod = call.getMethodDescriptor().getFullMethodName();
      rpc = GrpcCalls.rpc(fullMethod);
      view = GrpcCalls.view(fullMethod, call.getAuthority(), headers, call.getAttributes());
    } catch (RuntimeException e) {
      LOG.error("kserve-auth could not read a gRPC call; denying", e);
      closeRejected(call, auth.internalError());
      return new ServerCall.Listener<>() {};
    }
    Pending<Q, R> pending = new Pending<>(call, headers, next, view, rpc, Context.current());
    if (rpc.needsMessage()) {
      call.request(1); // the message the decision needs; the handler asks for its own once started
    } else {
      pending.decide(rpc.route(null));
    }
    return pending;
  }

  /**
   * A call before its decision: holds what gRPC delivers (in order, on one {@link SerialQueue}),
   * decides, then either starts the application's handler and replays, or closes the call.
   */
  private final class Pending<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final Metadata headers;
    private final ServerCallHandler<Q, R> next;
    private final RequestView view;
    private final GrpcCalls.Rpc rpc;
    private final Context context;
    private final SerialQueue serial = new SerialQueue();
    // guarded by the serial queue: only touched by tasks it runs
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    private boolean deciding;
    private boolean halfClosed;
    private boolean done; // rejected, cancelled or completed before a decision
    private ServerCall.Listener<Q> delegate;

    Pending(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next, RequestView view,
        GrpcCalls.Rpc rpc, Context context) {
      this.call = call;
      this.headers = headers;
      this.next = next;
      this.view = view;
      this.rpc = rpc;
      this.context = context;
    }

    @Override
    public void onMessage(Q message) {
      serial.run(() -> {
        if (delegate != null) {
          delegate.onMessage(message);
        } else if (!done && !deciding && rpc.needsMessage()) {
          held.add(() -> delegate.onMessage(message));
          KServeRoute route;
          try {
            route = rpc.route(message);
          } catch (RuntimeException e) {
            LOG.error("kserve-auth could not read the model of a gRPC call; denying", e);
            reject(auth.internalError());
            return;
          }
          decide(route);
        } else if (!done) {
          held.add(() -> delegate.onMessage(message));
        }
      });
    }

    @Override
    public void onHalfClose() {
      serial.run(() -> {
        if (delegate != null) {
          delegate.onHalfClose();
        } else if (!done && !deciding && rpc.needsMessage()) {
          // a unary call without its request message: nothing to decide on, nothing to serve
          done = true;
          call.close(Status.INVALID_ARGUMENT.withDescription("half-closed without a request message"),
              new Metadata());
        } else if (!done) {
          halfClosed = true;
        }
      });
    }

    @Override
    public void onCancel() {
      serial.run(() -> {
        if (delegate != null) {
          delegate.onCancel();
        } else {
          done = true; // a decision still running finds the call gone and starts nothing
          held.clear();
        }
      });
    }

    @Override
    public void onComplete() {
      serial.run(() -> {
        if (delegate != null) {
          delegate.onComplete();
        }
      });
    }

    @Override
    public void onReady() {
      serial.run(() -> {
        if (delegate != null) {
          delegate.onReady();
        }
      });
    }

    /** Runs on the serial queue (or before the listener is returned). */
    void decide(KServeRoute route) {
      deciding = true;
      CompletableFuture<AuthResult> f = auth.authorizeAsync(view, route).toCompletableFuture();
      if (f.isDone()) {
        apply(f.join()); // keys in memory: on this thread, no hop
      } else {
        f.whenCompleteAsync((r, err) -> serial.run(() ->
            apply(r != null ? r : auth.internalError())), executor);
      }
    }

    private void apply(AuthResult result) {
      if (done) {
        return; // cancelled while deciding
      }
      if (!(result instanceof AuthResult.Proceed p)) {
        reject(result instanceof AuthResult.Reject r ? r : auth.internalError());
        return;
      }
      try {
        GrpcCalls.applyHeaders(headers, p);
        Context ctx = context.withValues(PRINCIPAL, p.principal(), DECISION, p.decision());
        delegate = Contexts.interceptCall(ctx, call, headers, next);
      } catch (RuntimeException e) {
        LOG.error("the gRPC handler failed to start", e);
        done = true;
        call.close(Status.INTERNAL.withDescription("internal error"), new Metadata());
        return;
      }
      for (Runnable r : held) {
        r.run();
      }
      held.clear();
      if (halfClosed) {
        delegate.onHalfClose();
      }
      if (call.isReady()) {
        delegate.onReady();
      }
    }

    private void reject(AuthResult.Reject r) {
      done = true;
      held.clear();
      closeRejected(call, r);
    }
  }

  private static void closeRejected(ServerCall<?, ?> call, AuthResult.Reject r) {
    Status status = statusOf(r.status()).withDescription(GrpcCalls.errorText(r));
    call.close(status, GrpcCalls.trailers(r));
  }

  /**
   * The {@link KServeAuth} this interceptor decides with.
   *
   * @return the facade given at construction
   */
  public KServeAuth auth() {
    return auth;
  }

  @Override
  public String toString() {
    return "KServeAuthInterceptor[" + Map.of("realm", auth.realm()) + "]";
  }
}
