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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lays the token out as the kubelet's atomic writer does: {@code token -> ..data/token}, {@code
 * ..data -> ..<timestamp>/}, and rotates by writing a new timestamped directory and renaming a new
 * {@code ..data} symlink over the old one.
 */
class ServiceAccountTokenFileProviderTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger generation = new AtomicInteger();

  @TempDir
  Path mount;

  private void kubeletWrites(String token) throws IOException {
    Path dir = mount.resolve("..2026_03_01_12_00_00." + generation.incrementAndGet());
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("token"), token);
    Files.writeString(dir.resolve("namespace"), "team-a");
    Path tmp = mount.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, dir.getFileName());
    Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Path link = mount.resolve("token");
    if (!Files.isSymbolicLink(link)) {
      Files.createSymbolicLink(link, Path.of("..data", "token"));
    }
  }

  private ServiceAccountTokenFileProvider provider() {
    return ServiceAccountTokenFileProvider.builder().path(mount.resolve("token")).clock(clock)
        .checkInterval(Duration.ZERO).build();
  }

  @Test
  void picksUpAKubeletSymlinkSwapOnTheNextCall() throws Exception {
    String first = TestJwts.withExp("sa-1", T0.plus(Duration.ofHours(1)));
    String second = TestJwts.withExp("sa-2", T0.plus(Duration.ofHours(2)));
    kubeletWrites(first);
    ServiceAccountTokenFileProvider tokens = provider();
    assertThat(tokens.token().value()).isEqualTo(first);
    assertThat(tokens.token().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    kubeletWrites(second); // same clock instant: only the file identity changed
    assertThat(tokens.token().value()).isEqualTo(second);
    assertThat(Files.readSymbolicLink(mount.resolve("..data")).toString()).endsWith(".2");
  }

  @Test
  void rereadsBeforeTheCachedTokensExpiryAndNeverServesAnExpiredToken() throws Exception {
    String first = TestJwts.withExp("sa-1", T0.plus(Duration.ofMinutes(10)));
    kubeletWrites(first);
    ServiceAccountTokenFileProvider tokens = ServiceAccountTokenFileProvider.builder().path(mount.resolve("token"))
        .clock(clock).maxAge(Duration.ofDays(1)).checkInterval(Duration.ZERO).build();
    assertThat(tokens.token().value()).isEqualTo(first);
    clock.advance(Duration.ofMinutes(10)); // exactly at exp, and the kubelet did not rotate
    assertThatThrownBy(tokens::token).isInstanceOf(TokenProviderException.class)
        .hasMessageContaining("expired at 2026-03-01T12:10:00Z").hasMessageContaining("has not rotated")
        .hasMessageNotContaining(first);
    String second = TestJwts.withExp("sa-2", T0.plus(Duration.ofHours(1)));
    kubeletWrites(second);
    assertThat(tokens.token().value()).isEqualTo(second);
  }

  @Test
  void refreshAfterA401ReturnsTheSameTokenWhenNothingRotatedSoTheClientGivesUp() throws Exception {
    String only = TestJwts.withExp("sa", T0.plus(Duration.ofHours(1)));
    kubeletWrites(only);
    ServiceAccountTokenFileProvider tokens = provider();
    assertThat(tokens.refresh(only).value()).isEqualTo(only);
    String rotated = TestJwts.withExp("sa-new", T0.plus(Duration.ofHours(2)));
    kubeletWrites(rotated);
    assertThat(tokens.refresh(only).value()).isEqualTo(rotated);
  }

  @Test
  void throughTheClientARejectedUnrotatedTokenFailsOnceThenTheRotatedTokenIsUsed() throws Exception {
    String first = TestJwts.withExp("sa-1", T0.plus(Duration.ofHours(1)));
    String second = TestJwts.withExp("sa-2", T0.plus(Duration.ofHours(2)));
    kubeletWrites(first);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
          return ("Bearer " + second).equals(request.getHeader("Authorization"))
              ? new MockResponse().setBody("{\"models\":[\"m\"]}")
              : new MockResponse().setResponseCode(401).setBody("Unauthorized");
        }
      });
      KServeClient client = KServeClient.builder().baseUrl(server.url("/").toString()).tokenProvider(provider())
          .build();
      assertThatThrownBy(client::listModels).isInstanceOfSatisfying(UnauthorizedException.class,
          e -> assertThat(e.afterRefresh()).isFalse());
      assertThat(server.getRequestCount()).isEqualTo(1); // the re-read found the same token: no pointless retry
      kubeletWrites(second);
      assertThat(client.listModels()).containsExactly("m");
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void opaqueTokensAreRereadEveryMaxAge() throws Exception {
    Path file = mount.resolve("plain-token");
    Files.writeString(file, "opaque-1\n");
    ServiceAccountTokenFileProvider tokens = ServiceAccountTokenFileProvider.builder().path(file).clock(clock)
        .maxAge(Duration.ofMinutes(1)).checkInterval(Duration.ofDays(1)).build();
    assertThat(tokens.token().value()).isEqualTo("opaque-1");
    assertThat(tokens.token().expiresAt()).isNull();
    Path tmp = mount.resolve("tmp");
    Files.writeString(tmp, "opaque-2");
    Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(file));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    clock.advance(Duration.ofMinutes(1));
    assertThat(tokens.token().value()).isEqualTo("opaque-2");
  }

  @Test
  void theStatIsThrottledButExpiryIsCheckedOnEveryCall() throws Exception {
    String first = TestJwts.withExp("sa-1", T0.plus(Duration.ofMinutes(30)));
    kubeletWrites(first);
    ServiceAccountTokenFileProvider tokens = ServiceAccountTokenFileProvider.builder().path(mount.resolve("token"))
        .clock(clock).checkInterval(Duration.ofDays(1)).build();
    assertThat(tokens.token().value()).isEqualTo(first);
    String second = TestJwts.withExp("sa-2", T0.plus(Duration.ofHours(2)));
    kubeletWrites(second);
    assertThat(tokens.token().value()).as("within checkInterval the file is not looked at").isEqualTo(first);
    assertThat(tokens.refresh(first).value()).as("a 401 always re-reads").isEqualTo(second);
    String third = TestJwts.withExp("sa-3", T0.plus(Duration.ofHours(3)));
    kubeletWrites(third);
    clock.advance(Duration.ofHours(2)); // second is now expired: re-read despite the throttle
    assertThat(tokens.token().value()).isEqualTo(third);
  }

  @Test
  void missingOrEmptyFilesFailWithThePath() throws Exception {
    ServiceAccountTokenFileProvider missing = ServiceAccountTokenFileProvider.builder()
        .path(mount.resolve("nope")).clock(clock).build();
    assertThatThrownBy(missing::token).isInstanceOf(TokenProviderException.class)
        .hasMessageContaining("nope").hasMessageContaining("does not exist");
    Files.writeString(mount.resolve("empty"), "  \n");
    assertThatThrownBy(() -> ServiceAccountTokenFileProvider.of(mount.resolve("empty")).token())
        .hasMessageContaining("is empty");
    assertThat(ServiceAccountTokenFileProvider.ofDefault().path().toString())
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
  }
}
