package dev.kserveauth.client;

import java.util.List;

/**
 * V2 server metadata ({@code GET /v2}).
 *
 * @param name server name
 * @param version server version
 * @param extensions supported protocol extensions
 */
public record ServerMetadata(String name, String version, List<String> extensions) {
  public ServerMetadata {
    extensions = extensions == null ? List.of() : List.copyOf(extensions);
  }
}
