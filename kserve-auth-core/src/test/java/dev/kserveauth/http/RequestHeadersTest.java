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
package dev.kserveauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.policy.AccessRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  @Test
  void lowerCasesNamesAndKeepsValuesInArrivalOrder() {
    RequestHeaders h = RequestHeaders.builder().add("Host", "a").add("X-Team", "one").add("x-team", "two")
        .add("X-TEAM", "three").add("Authorization", "Bearer t").build();
    assertThat(h).containsOnlyKeys("host", "x-team", "authorization");
    assertThat(h.get("x-team")).containsExactly("one", "two", "three");
    assertThat(h.get("X-Team")).as("keys are lower case; RequestView.header() lower-cases lookups").isNull();
    assertThat(new ArrayList<>(h.keySet())).containsExactly("host", "x-team", "authorization");
  }

  @Test
  void foldsNamesAsLowerCaseLocaleRootDoesAndNeverFoldsNonAsciiOntoAKnownName() {
    for (String name : List.of("Host", "HOST", "host", "Authorization", "AUTHORIZATION", "Content-Type", "X-Forwarded-For",
        "x-Forwarded-Proto", "X-Team", "Traceparent", "Forwarded", "\u0130mage", "Authorizatio", "Hosts")) {
      assertThat(RequestHeaders.lowerCase(name)).as(name).isEqualTo(name.toLowerCase(java.util.Locale.ROOT));
    }
    // dotless i, long s: equalsIgnoreCase-style folding would map these onto known names
    assertThat(RequestHeaders.lowerCase("Authori\u0131ation")).isEqualTo("authori\u0131ation");
    assertThat(RequestHeaders.lowerCase("Ho\u017Ft")).isEqualTo("ho\u017Ft");
    RequestHeaders h = RequestHeaders.builder().add("Authori\u0131ation", "Bearer forged").add("Cookie", "a=b").build();
    assertThat(h.get("authorization")).isNull();
    assertThat(h.get("cookie")).containsExactly("a=b");
  }

  @Test
  void isImmutableAllTheWayDown() {
    RequestHeaders h = RequestHeaders.builder().add("a", "1").add("a", "2").add("b", "3").build();
    assertThatThrownBy(() -> h.put("c", List.of("4"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> h.get("a").add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> h.get("b").set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> h.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aBuilderBuildsOnce() {
    RequestHeadersBuilder b = RequestHeaders.builder().add("a", "1");
    b.build();
    assertThatThrownBy(() -> b.add("a", "2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void otherMapsAreCopiedSoLaterChangesDoNotLeakIn() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    List<String> values = new ArrayList<>(List.of("Bearer a"));
    raw.put("Authorization", values);
    raw.put("authorization", new ArrayList<>(List.of("Bearer b")));
    RequestView view = new RequestView("GET", "/", "h", raw, null, null, "", 80, null);
    values.add("Bearer c");
    raw.put("x-injected", List.of("1"));
    assertThat(view.headerValues("authorization")).containsExactly("Bearer a", "Bearer b");
    assertThat(view.headers()).doesNotContainKey("x-injected");
  }

  @Test
  void viewsKeepABuiltInstanceAsItIs() {
    RequestHeaders h = RequestHeaders.builder().add("Host", "a").build();
    RequestView view = new RequestView("GET", "/", "a", h, null, null, "", 80, null);
    assertThat(view.headers()).isSameAs(h);
    assertThat(RequestHeaders.copyOf(h)).isSameAs(h);
    AccessRequest ar = new AccessRequest(null, "GET", "/", "a", 80, h, "", null, null, Instant.EPOCH);
    assertThat(ar.headers()).isSameAs(h);
    assertThat(RequestHeaders.copyOf(null)).isEmpty();
  }
}
