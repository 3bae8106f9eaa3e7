package dev.kserveauth.route;

import java.util.Objects;

/**
 * What a KServe data-plane request is about: protocol, verb, model and version.
 *
 * <p>Produced by {@code KServeRoutes.parse(method, path, body)} from the normalized path; an
 * unknown path is {@link Protocol#OTHER} with verb {@link Verb#OTHER}.
 *
 * @param protocol V1, V2 (Open Inference Protocol), OPENAI or OTHER
 * @param verb what the call does
 * @param model the model name, or {@code null} when the route names none
 * @param version the model version (V2 {@code /versions/{v}}), or {@code null}
 */
public record KServeRoute(Protocol protocol, Verb verb, String model, String version) {

  /** Which KServe API a path belongs to. */
  public enum Protocol { V1, V2, OPENAI, OTHER }

  /** The verb a policy can grant, e.g. {@code model:predict}. */
  public enum Verb {
    LIST, READY, METADATA, PREDICT, EXPLAIN, INFER, GENERATE, LOAD, UNLOAD, DELETE, UPDATE, HEALTH, METRICS, OTHER;

    /** Lower-case name as policies write it ({@code predict}). */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public KServeRoute {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(verb, "verb");
  }

  /** The route of a path kserve-auth does not recognize. */
  public static KServeRoute other() {
    return new KServeRoute(Protocol.OTHER, Verb.OTHER, null, null);
  }
}
