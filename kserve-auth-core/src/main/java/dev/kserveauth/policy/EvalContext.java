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
package dev.kserveauth.policy;

import dev.kserveauth.internal.policy.Cidr;
import dev.kserveauth.route.KServeRoute;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-request view the matchers read: the request, its normalized path and the connection facts
 * (peer identity, destination IP, SNI). Created once per decision; not shared between threads.
 */
final class EvalContext {

  private static final String[] VERB_IDS = java.util.Arrays.stream(KServeRoute.Verb.values())
      .map(KServeRoute.Verb::id).toArray(String[]::new);
  private static final String[] PROTOCOL_IDS = java.util.Arrays.stream(KServeRoute.Protocol.values())
      .map(p -> p.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

  private final AccessRequest request;
  private final String path;
  private final ConnectionInfo facts;
  private byte[] sourceIp;
  private byte[] remoteIp;
  private byte[] destinationIp;
  private boolean ipsParsed;

  /**
   * @param request the request
   * @param normalizedPath the path after normalization, without query
   * @param facts connection facts
   */
  public EvalContext(AccessRequest request, String normalizedPath, ConnectionInfo facts) {
    this.request = request;
    this.path = normalizedPath;
    this.facts = facts == null ? ConnectionInfo.NONE : facts;
  }

  public AccessRequest request() {
    return request;
  }

  public String path() {
    return path;
  }

  public ConnectionInfo facts() {
    return facts;
  }

  /** A scalar attribute, or {@code null} when absent. */
  public String scalar(Attribute.Scalar a) {
    return switch (a) {
      case METHOD -> request.method();
      case PATH -> path;
      case HOST -> request.host().isEmpty() ? null : request.host();
      case PORT -> Integer.toString(request.port());
      case SOURCE_IP -> emptyToNull(request.sourceIp());
      case REMOTE_IP -> emptyToNull(request.remoteIp());
      case DESTINATION_IP -> facts.destinationIp();
      case SNI -> facts.sni();
      case PEER_PRINCIPAL -> facts.peerPrincipal();
      case KSERVE_MODEL -> request.route().model();
      case KSERVE_VERB -> VERB_IDS[request.route().verb().ordinal()];
      case KSERVE_PROTOCOL -> PROTOCOL_IDS[request.route().protocol().ordinal()];
      case ISSUER -> request.principal() == null ? null : request.principal().issuer();
      case SUBJECT -> request.principal() == null ? null : emptyToNull(request.principal().subject());
    };
  }

  /** Header values joined with {@code ,}; {@code null} when the header is absent. */
  public String header(String lowerName) {
    List<String> v = request.headers().get(lowerName);
    if (v == null || v.isEmpty()) {
      return null;
    }
    return v.size() == 1 ? v.get(0) : String.join(",", v);
  }

  /** The claim at a path of object keys, or {@code null}; lists in the middle are not traversed. */
  public Object claim(List<String> keys) {
    if (request.principal() == null) {
      return null;
    }
    Object cur = request.principal().claims();
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }

  /** Parsed IP bytes of an IP attribute, or {@code null}. */
  public byte[] ip(Attribute.Scalar a) {
    if (!ipsParsed) {
      sourceIp = Cidr.parseIp(request.sourceIp());
      remoteIp = Cidr.parseIp(request.remoteIp());
      destinationIp = Cidr.parseIp(facts.destinationIp());
      ipsParsed = true;
    }
    return switch (a) {
      case SOURCE_IP -> sourceIp;
      case REMOTE_IP -> remoteIp;
      case DESTINATION_IP -> destinationIp;
      default -> throw new IllegalArgumentException(a.label() + " is not an IP attribute");
    };
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
