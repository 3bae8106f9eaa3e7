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
package dev.kserveauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.testing.http.ConformanceEnvironment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code hosts} rules over HTTP/2: an h2c request carries its host as {@code :authority}, not as a
 * {@code Host} header. The conformance policy internal-host-closed denies internal.example.com to
 * everyone; over HTTP/1.1 the conformance suite checks it, here Jetty's HTTP/2 client (prior
 * knowledge) sends the same requests over h2c.
 */
class H2cAuthorityTest {
  static ConformanceEnvironment env;
  static JettyServer server;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    env = new ConformanceEnvironment();
    server = new JettyServer(new KServeAuthFilter(env.auth()));
    client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
    // every host name is this server on loopback, so the authority can name any virtual host
    client.setSocketAddressResolver((host, port, context, promise) ->
        promise.succeeded(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))));
    client.start();
  }

  @AfterAll
  static void stop() throws Exception {
    client.stop();
    server.close();
    env.close();
  }

  static ContentResponse get(String host) throws Exception {
    return client.newRequest("http://" + host + ":" + server.port() + "/v1/models")
        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + env.token("ADMIN")))
        .send();
  }

  @Test
  void theInternalHostIsDeniedOverH2cAsOverHttp11() throws Exception {
    int before = server.appHits();
    ContentResponse denied = get("internal.example.com");
    assertThat(denied.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(denied.getStatus()).as(denied.getContentAsString()).isEqualTo(403);
    assertThat(server.appHits()).isEqualTo(before);
    ContentResponse upper = get("INTERNAL.example.com");
    assertThat(upper.getStatus()).isEqualTo(403);
    assertThat(server.appHits()).isEqualTo(before);
  }

  @Test
  void anotherHostIsAllowedOverH2c() throws Exception {
    ContentResponse ok = get("public.example.com");
    assertThat(ok.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(ok.getStatus()).as(ok.getContentAsString()).isEqualTo(200);
    assertThat(ok.getContentAsString()).contains("\"user\":\"admin\"");
  }
}
