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
package dev.kserveauth.samples.keycloak;

import java.util.Map;

/**
 * What {@code keycloak/kserve-realm.json} defines, as constants for the tests. Test-only
 * credentials for a throwaway server on loopback.
 */
public final class KeycloakRealm {

  /** The audience the realm's audience mapper puts into every access token. */
  public static final String AUDIENCE = "kserve-api";

  /** Confidential client with a service account (client credentials); roles model-developer, team platform. */
  public static final String CALLER_CLIENT = "kserve-caller";
  public static final String CALLER_SECRET = "kserve-caller-secret";

  /** Confidential client whose access tokens live 10 s; service account roles data-scientist, team fraud. */
  public static final String SHORT_CLIENT = "kserve-short";
  public static final String SHORT_SECRET = "kserve-short-secret";
  public static final long SHORT_LIFESPAN_SECONDS = 10;

  /** Public client with direct access grants (password grant). */
  public static final String CLI_CLIENT = "kserve-cli";

  public static final String ADMIN = "admin";
  public static final String DATA_SCIENTIST = "data-scientist";
  public static final String MODEL_DEVELOPER = "model-developer";

  /** username → (realm role, team). Passwords are {@code <username>-password}. */
  public static final Map<String, Map.Entry<String, String>> USERS = Map.of(
      "alice", Map.entry(DATA_SCIENTIST, "fraud"),
      "bob", Map.entry(MODEL_DEVELOPER, "risk"),
      "carol", Map.entry(ADMIN, "platform"),
      "dave", Map.entry(DATA_SCIENTIST, "risk"));

  private KeycloakRealm() {}

  public static String password(String username) {
    return username + "-password";
  }
}
