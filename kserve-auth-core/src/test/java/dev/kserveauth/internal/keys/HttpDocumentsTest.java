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
package dev.kserveauth.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The size cap on fetched documents (JWKS, discovery), with and without a declared length. */
class HttpDocumentsTest {
  private final OkHttpClient client = new OkHttpClient();

  @Test
  void aBodyOfExactlyTheCapIsRead() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("x".repeat(64)));
      FetchedDocument doc = HttpDocuments.get(client, server.url("/jwks"), 64).get(10, TimeUnit.SECONDS);
      assertThat(doc.body()).hasSize(64);
    }
  }

  @Test
  void aChunkedBodyOneByteOverTheCapIsRefusedWithoutReadingItAll() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      // chunked: no Content-Length, so only reading proves the size
      server.enqueue(new MockResponse().setChunkedBody(new Buffer().writeUtf8("x".repeat(100_000)), 1024));
      assertThatThrownBy(() -> HttpDocuments.get(client, server.url("/jwks"), 64).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(FetchException.class).hasMessageContaining("exceeds the cap of 64 bytes");
    }
  }

  @Test
  void aDeclaredLengthOverTheCapIsRefusedBeforeReading() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("x".repeat(65)));
      assertThatThrownBy(() -> HttpDocuments.get(client, server.url("/jwks"), 64).get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(FetchException.class).hasMessageContaining("65 bytes exceeds the cap of 64");
    }
  }
}
