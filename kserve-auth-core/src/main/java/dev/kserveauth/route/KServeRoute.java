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

import java.util.Objects;

/**
 * What a KServe data-plane request is about: protocol, verb, model and version.
 *
 * <p>Produced by {@code KServeRoutes.parse(method, path, body)} from the normalized path; an
 * unknown path is {@link Protocol#OTHER} with verb {@link Verb#OTHER}.
 *
 * @since 0.1
 * @param protocol V1, V2 (Open Inference Protocol), OPENAI or OTHER
 * @param verb what the call does
 * @param model the model name, or {@code null} when the route names none
 * @param version the model version (V2 {@code /versions/{v}}), or {@code null}
 */
public record KServeRoute(Protocol protocol, Verb verb, String model, String version) {

  /** Which KServe API a path belongs to. */
  public enum Protocol {
    /** KServe V1: {@code /v1/models/...}. */
    V1,
    /** V2, the Open Inference Protocol: {@code /v2/...}. */
    V2,
    /** The OpenAI-compatible API: {@code /openai/v1/...} and {@code /v1/completions}-style paths. */
    OPENAI,
    /** Any other path, including {@code /metrics} and health probes outside {@code /v2}. */
    OTHER
  }

  /** The verb a policy can grant, e.g. {@code model:predict}. */
  public enum Verb {
    /** List the models: V1 {@code GET /v1/models}, V2 {@code /v2/repository/index}, OpenAI {@code models}. */
    LIST,
    /** A model's readiness: V1 {@code GET /v1/models/{m}}, V2 {@code /v2/models/{m}/ready}. */
    READY,
    /** Server or model metadata: V2 {@code /v2} and {@code /v2/models/{m}}, OpenAI {@code models/{m}}. */
    METADATA,
    /** V1 {@code :predict}. */
    PREDICT,
    /** V1 {@code :explain}. */
    EXPLAIN,
    /** V2 {@code /infer}, OpenAI {@code embeddings}. */
    INFER,
    /** V2 {@code /generate}, {@code /generate_stream}; OpenAI {@code completions}, {@code chat/completions}. */
    GENERATE,
    /** V2 {@code /v2/repository/models/{m}/load}. */
    LOAD,
    /** V2 {@code /v2/repository/models/{m}/unload}. */
    UNLOAD,
    /** V1 {@code DELETE /v1/models/{m}}. */
    DELETE,
    /** V1 {@code PUT /v1/models/{m}}. */
    UPDATE,
    /** Server liveness and readiness: V2 {@code /v2/health/live} and {@code /v2/health/ready}, the probe paths. */
    HEALTH,
    /** The {@code /metrics} endpoint. */
    METRICS,
    /** Anything else, including unknown paths. */
    OTHER;

    /**
     * Lower-case name as policies write it ({@code predict}).
     *
     * @return the constant's name in lower case
     */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Checks the components.
   *
   * @param protocol V1, V2 (Open Inference Protocol), OPENAI or OTHER
   * @param verb what the call does
   * @param model the model name, or {@code null} when the route names none
   * @param version the model version (V2 {@code /versions/{v}}), or {@code null}
   * @throws NullPointerException if {@code protocol} or {@code verb} is {@code null}
   */
  public KServeRoute {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(verb, "verb");
  }

  /**
   * The route of a path kserve-auth does not recognize.
   *
   * @return protocol and verb {@code OTHER}, no model, no version
   */
  public static KServeRoute other() {
    return new KServeRoute(Protocol.OTHER, Verb.OTHER, null, null);
  }
}
