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

import java.util.concurrent.CompletionStage;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Fetches a JWKS from a fixed URL. */
public final class UrlJwksFetcher implements JwksFetcher {
  private final OkHttpClient client;
  private final HttpUrl url;
  private final int maxBytes;

  public UrlJwksFetcher(OkHttpClient client, HttpUrl url, int maxBytes) {
    this.client = client;
    this.url = url;
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<FetchedDocument> fetch() {
    return HttpDocuments.get(client, url, maxBytes);
  }

  @Override
  public String describe() {
    return HttpDocuments.redact(url);
  }
}
