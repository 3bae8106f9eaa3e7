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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code expected-decisions.md} as data: request, token, time, and what must come back.
 * The demo runs every row against every stack and every policy format.
 */
public final class DemoMatrix {

  private DemoMatrix() {}

  /** The zone the demo policies' time windows are written in. */
  public static final ZoneId POLICY_ZONE = ZoneId.of("Europe/Berlin");
  /** A Wednesday, 10:00 in the policy's zone: inside business hours. Every row runs at this time but row 12. */
  public static final Instant WEEKDAY_10_00 = LocalDateTime.of(2026, 6, 10, 10, 0).atZone(POLICY_ZONE).toInstant();
  /** The same Wednesday, 22:00 in the policy's zone: outside business hours. */
  public static final Instant WEEKDAY_22_00 = LocalDateTime.of(2026, 6, 10, 22, 0).atZone(POLICY_ZONE).toInstant();

  /** The model names the demo predictors serve. */
  public static final List<String> MODELS = List.of("sklearn-iris", "production-fraud", "dev-churn");

  static final String V1_BODY = "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}";
  static final String V2_BODY = "{\"id\": \"demo-1\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4],"
      + " \"datatype\": \"FP32\", \"data\": [6.8, 2.8, 4.8, 1.4]}]}";

  /** The tokens of {@code expected-decisions.md}, plus the team-marketing variant of DS for the ABAC row. */
  public enum Token {
    NONE("none"),
    ADMIN("ADMIN"),
    DS("DS"),
    DEV("DEV"),
    EXPIRED("EXPIRED"),
    FORGED("FORGED"),
    DS_MARKETING("DS team=marketing");

    private final String label;

    Token(String label) {
      this.label = label;
    }

    /** How the table names the token. */
    public String label() {
      return label;
    }

    /**
     * Mints this token at {@code now} (every token is valid for an hour, EXPIRED expired an hour
     * before {@code now}, FORGED is signed by a key not in the JWKS).
     *
     * @return the compact JWS, or {@code null} for {@link #NONE}
     */
    public String mint(DemoIssuer issuer, Instant now) {
      Duration hour = Duration.ofHours(1);
      return switch (this) {
        case NONE -> null;
        case ADMIN -> issuer.mint("admin", Map.of("role", "admin", "team", "ml-platform",
            "permissions", List.of("*")), now, hour);
        case DS -> issuer.mint("user123", dsClaims("ml-platform"), now, hour);
        case DEV -> issuer.mint("dev1", Map.of("role", "model-developer", "team", "ai-research",
            "permissions", List.of("model:*")), now, hour);
        case EXPIRED -> issuer.mint("user123", Map.of("role", "data-scientist"), now.minus(Duration.ofHours(2)), hour);
        case FORGED -> issuer.forge("user123", Map.of("role", "data-scientist"), now, hour);
        case DS_MARKETING -> issuer.mint("user123", dsClaims("marketing"), now, hour);
      };
    }

    private static Map<String, Object> dsClaims(String team) {
      return Map.of("role", "data-scientist", "team", team,
          "permissions", List.of("model:predict", "model:explain", "model:list"));
    }
  }

  /**
   * What a row must get back.
   *
   * @param status the HTTP status
   * @param bearerError the RFC 6750 {@code error} the {@code WWW-Authenticate} header must name, or {@code null}
   * @param challenge whether a {@code WWW-Authenticate: Bearer} header is required
   * @param descriptionContains text the {@code error_description} must contain (case-insensitive), or {@code null}
   * @param bodyContains text a 200 body must contain, or {@code null}
   */
  public record Expected(int status, String bearerError, boolean challenge, String descriptionContains,
      String bodyContains) {

    static Expected ok(String bodyContains) {
      return new Expected(200, null, false, null, bodyContains);
    }

    static Expected unauthorized(String bearerError, String descriptionContains) {
      return new Expected(401, bearerError, true, descriptionContains, null);
    }

    static Expected forbidden() {
      return new Expected(403, null, false, null, null);
    }

    /** Short form for the table, e.g. {@code 401 invalid_token "expired"}. */
    public String summary() {
      StringBuilder b = new StringBuilder().append(status);
      if (bearerError != null) {
        b.append(' ').append(bearerError);
      } else if (challenge) {
        b.append(" Bearer");
      }
      if (descriptionContains != null) {
        b.append(" \"").append(descriptionContains).append('"');
      }
      return b.toString();
    }
  }

  /**
   * One row of the matrix.
   *
   * @param number the row number in {@code expected-decisions.md}
   * @param method the HTTP method
   * @param path the request path
   * @param body the JSON body, or {@code null}
   * @param token which token the caller presents
   * @param at the time of the call (the demo clock is set to it)
   * @param expected what must come back
   */
  public record Row(int number, String method, String path, String body, Token token, Instant at, Expected expected) {

    /** {@code POST /v1/models/sklearn-iris:predict}. */
    public String request() {
      return method + " " + path;
    }

    /** Token label plus the time when it is not the default. */
    public String tokenLabel() {
      return at.equals(WEEKDAY_10_00) ? token.label()
          : token.label() + " at " + at.atZone(POLICY_ZONE).toLocalTime();
    }
  }

  /** Every row, in the order of {@code expected-decisions.md}. */
  public static List<Row> rows() {
    String predict = "/v1/models/sklearn-iris:predict";
    Instant t = WEEKDAY_10_00;
    return List.of(
        new Row(1, "POST", predict, V1_BODY, Token.NONE, t, new Expected(401, null, true, null, null)),
        new Row(2, "POST", predict, V1_BODY, Token.EXPIRED, t, Expected.unauthorized("invalid_token", "expired")),
        new Row(3, "POST", predict, V1_BODY, Token.FORGED, t, Expected.unauthorized("invalid_token", null)),
        new Row(4, "POST", predict, V1_BODY, Token.DS, t, Expected.ok("\"predictions\":[1,0]")),
        new Row(5, "DELETE", "/v1/models/sklearn-iris", null, Token.ADMIN, t, Expected.ok("\"unloaded\":true")),
        new Row(6, "DELETE", "/v1/models/sklearn-iris", null, Token.DS, t, Expected.forbidden()),
        new Row(7, "GET", "/health", null, Token.NONE, t, Expected.ok("healthy")),
        new Row(8, "GET", "/metrics", null, Token.NONE, t, Expected.ok("rbac_authorization")),
        new Row(9, "POST", "/v2/models/sklearn-iris/infer", V2_BODY, Token.DS, t, Expected.ok("\"outputs\"")),
        new Row(10, "POST", "/v1/models/production-fraud:predict", V1_BODY, Token.DS, t, Expected.forbidden()),
        new Row(11, "POST", "/v1/models/dev-churn:predict", V1_BODY, Token.DS, t, Expected.ok("\"predictions\"")),
        new Row(12, "POST", "/v1/models/dev-churn:predict", V1_BODY, Token.DS, WEEKDAY_22_00, Expected.forbidden()),
        new Row(13, "POST", predict, V1_BODY, Token.DS_MARKETING, t, Expected.forbidden()));
  }
}
