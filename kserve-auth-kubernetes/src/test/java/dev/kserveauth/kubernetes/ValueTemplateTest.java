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
package dev.kserveauth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The attribute templates, compiled at load and rendered per request. */
class ValueTemplateTest {

  @Test
  void rendersTheActionsWithOrWithoutSpaces() {
    assertThat(ValueTemplate.compile("{{.Model}}", false).render(null, "iris")).isEqualTo("iris");
    assertThat(ValueTemplate.compile("{{ .Model }}", false).render(null, "iris")).isEqualTo("iris");
    assertThat(ValueTemplate.compile("models/{{.Model}}-v{{ .Value }}", true).render("2", "iris"))
        .isEqualTo("models/iris-v2");
    assertThat(ValueTemplate.compile("inferenceservices", false).render(null, "iris")).isEqualTo("inferenceservices");
    assertThat(ValueTemplate.compile("", false).render(null, "iris")).isEmpty();
    // no model: empty, as Go renders a missing value
    assertThat(ValueTemplate.compile("{{.Model}}", false).render(null, null)).isEmpty();
  }

  @Test
  void refusesWhatKubeRbacProxyWouldRenderEmpty() {
    assertThatThrownBy(() -> ValueTemplate.compile("{{.Value}}", false))
        .hasMessageContaining("{{.Value}} needs rewrites");
    assertThatThrownBy(() -> ValueTemplate.compile("ns-{{.Namespace}}", true))
        .hasMessageContaining("not {{.Namespace}}");
    assertThatThrownBy(() -> ValueTemplate.compile("ns-{{.Model", true))
        .hasMessageContaining("unclosed template action in 'ns-{{.Model'");
  }
}
