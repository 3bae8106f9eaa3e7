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
package dev.kserveauth.client;

import java.util.List;

/**
 * V2 server metadata ({@code GET /v2}).
 *
 * @since 0.1
 * @param name server name
 * @param version server version
 * @param extensions supported protocol extensions
 */
public record ServerMetadata(String name, String version, List<String> extensions) {
  /**
   * Copies the list, so the record is immutable; a {@code null} list becomes empty.
   *
   * @param name server name
   * @param version server version
   * @param extensions supported protocol extensions, or {@code null} for none
   * @throws NullPointerException when a list holds a {@code null}
   */
  public ServerMetadata {
    extensions = extensions == null ? List.of() : List.copyOf(extensions);
  }
}
