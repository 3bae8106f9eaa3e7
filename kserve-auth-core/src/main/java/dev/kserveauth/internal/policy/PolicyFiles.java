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
package dev.kserveauth.internal.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Which files a policy source names: the loader and the reloader's fingerprint list them the same way. */
public final class PolicyFiles {
  private PolicyFiles() {}

  /**
   * The files of one policy source: a file as given (whether or not it exists), or a directory's
   * {@code *.yaml} / {@code *.yml} entries, sorted, not recursive. Names starting with {@code .} are
   * left out (a mounted ConfigMap's {@code ..data} entries), and so are dangling symbolic links (a
   * ConfigMap swap in progress). Entries that exist but are not regular files are kept, so that reading
   * them fails loudly instead of being skipped in silence.
   *
   * @param source a file or a directory
   * @return the files
   * @throws IOException when the directory cannot be listed
   */
  public static List<Path> of(Path source) throws IOException {
    if (!Files.isDirectory(source)) {
      return List.of(source);
    }
    try (Stream<Path> s = Files.list(source)) {
      return s.filter(f -> {
        String n = f.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.exists(f);
      }).sorted().toList();
    }
  }
}
