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
package dev.kserveauth.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM users import and the parent pom our tests run with name the same versions of the libraries
 * the modules bring. The BOM cannot import the parent's management (it would hand users our test
 * libraries too), so the versions are written twice; this test keeps them equal. Lower versions in
 * the BOM also fail kserve-auth-bom/consumer-check (requireUpperBoundDeps); higher ones only fail here.
 */
class BomVersionsTest {

  private static final Pattern PROPERTY = Pattern.compile("<([a-z0-9.-]+\\.version)>([^<]+)</\\1>");

  private static Map<String, String> versionProperties(Path pom) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = PROPERTY.matcher(Files.readString(pom));
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void everyVersionTheBomManagesIsTheOneTheBuildTestsWith() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in kserve-auth-core/
    Map<String, String> bom = versionProperties(root.resolve("kserve-auth-bom/pom.xml"));
    Map<String, String> parent = versionProperties(root.resolve("pom.xml"));
    assertThat(bom).containsKeys("okhttp.version", "okio.version", "kotlin.version", "jackson.version",
        "snakeyaml.version", "caffeine.version", "slf4j.version");
    bom.forEach((name, version) -> assertThat(parent.get(name))
        .as("%s in pom.xml (the BOM says %s)", name, version).isEqualTo(version));
  }
}
