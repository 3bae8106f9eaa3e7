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
package dev.kserveauth.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.RawHttp;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code hosts} rules over HTTP/2: Vert.x serves h2c by default, and an h2c request carries its host
 * as {@code :authority}, not as a {@code Host} header. The conformance policy internal-host-closed
 * denies internal.example.com to everyone; over HTTP/1.1 the conformance suite checks it, here a
 * Vert.x client sends the same requests over h2c with prior knowledge.
 */
class H2cAuthorityTest {
  static ConformanceEnvironment env;
  static VertxServer server;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    env = new ConformanceEnvironment();
    server = new VertxServer(env.auth());
    client = server.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    env.close();
  }

  record Answer(HttpVersion version, int status, String body) {}

  static Answer get(String host) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(server.port(), "127.0.0.1"))
        .setHost(host).setPort(server.port()).setURI("/v1/models")
        .putHeader("Authorization", "Bearer " + env.token("ADMIN"));
    return client.request(o).compose(req -> req.send().compose(res -> res.body()
            .map(b -> new Answer(res.version(), res.statusCode(), b.toString()))))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theInternalHostIsDeniedOverH2cAsOverHttp11() throws Exception {
    int before = server.appHits();
    Answer denied = get("internal.example.com");
    assertThat(denied.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(denied.status()).as(denied.body()).isEqualTo(403);
    assertThat(get("INTERNAL.example.com").status()).isEqualTo(403);
    assertThat(server.appHits()).isEqualTo(before);
  }

  @Test
  void anotherHostIsAllowedOverH2c() throws Exception {
    Answer ok = get("public.example.com");
    assertThat(ok.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("\"user\":\"admin\"");
  }

  /**
   * Vert.x accepts a request with two Host headers and routes on the first; the decision read the first
   * too, but anything after it that reads the other would see a host nobody decided. Jetty answers
   * such a request 400 itself (RFC 9112 section 3.2); on Vert.x the facade does.
   */
  @Test
  void twoHostHeadersAre400InEitherOrder() throws Exception {
    int before = server.appHits();
    for (List<String> hosts : List.of(List.of("public.example.com", "internal.example.com"),
        List.of("internal.example.com", "public.example.com"))) {
      RawHttp.Response r = RawHttp.send(server.port(), "GET", "/v1/models",
          List.of("Host: " + hosts.get(0), "Host: " + hosts.get(1), "Authorization: Bearer " + env.token("ADMIN")),
          null);
      assertThat(r.status()).as(r.bodyText()).isEqualTo(400);
      assertThat(r.bodyText()).contains("more than one Host header");
    }
    assertThat(server.appHits()).isEqualTo(before);
    RawHttp.Response one = RawHttp.send(server.port(), "GET", "/v1/models",
        List.of("Host: public.example.com", "Authorization: Bearer " + env.token("ADMIN")), null);
    assertThat(one.status()).as(one.bodyText()).isEqualTo(200);
  }
}
