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

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.CacheControl;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Asynchronous, size-capped GET of a small JSON document over OkHttp. */
public final class HttpDocuments {

  private HttpDocuments() {}

  /**
   * GETs {@code url}; completes with the body and its max-age, or exceptionally with a
   * {@link FetchException} on a non-200 status, a body over {@code maxBytes}, a redirect or an I/O error.
   */
  public static CompletableFuture<FetchedDocument> get(OkHttpClient client, HttpUrl url, int maxBytes) {
    CompletableFuture<FetchedDocument> out = new CompletableFuture<>();
    Request request = new Request.Builder().url(url).get()
        .header("Accept", "application/json, application/jwk-set+json")
        .build();
    Call call;
    try {
      call = client.newCall(request);
    } catch (RuntimeException e) {
      out.completeExceptionally(new FetchException("GET " + redact(url) + " failed: " + e.getMessage(), e));
      return out;
    }
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        String why = e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName() + ": " + e.getMessage();
        out.completeExceptionally(new FetchException("GET " + redact(url) + " failed: " + why, e));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          out.complete(read(url, response, maxBytes));
        } catch (FetchException e) {
          out.completeExceptionally(e);
        } catch (IOException e) {
          String why = e instanceof InterruptedIOException ? "timed out reading body" : e.getClass().getSimpleName() + ": " + e.getMessage();
          out.completeExceptionally(new FetchException("GET " + redact(url) + " failed: " + why, e));
        } catch (RuntimeException e) {
          out.completeExceptionally(new FetchException("GET " + redact(url) + " failed: " + e, e));
        }
      }
    });
    return out;
  }

  private static FetchedDocument read(HttpUrl url, Response response, int maxBytes) throws IOException {
    if (response.code() != 200) {
      throw new FetchException("GET " + redact(url) + " answered HTTP " + response.code()
          + (response.isRedirect() ? " (redirects are not followed)" : ""));
    }
    ResponseBody body = response.body();
    if (body == null) {
      throw new FetchException("GET " + redact(url) + " returned no body");
    }
    long declared = body.contentLength();
    if (declared > maxBytes) {
      throw new FetchException("GET " + redact(url) + " body of " + declared + " bytes exceeds the cap of " + maxBytes);
    }
    // reads at most maxBytes + 1 bytes: one more than the cap proves the body is too large
    byte[] bytes = body.byteStream().readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new FetchException("GET " + redact(url) + " body exceeds the cap of " + maxBytes + " bytes");
    }
    CacheControl cc = CacheControl.parse(response.headers());
    OptionalLong maxAge = cc.noCache() || cc.noStore() || cc.maxAgeSeconds() < 0
        ? OptionalLong.empty() : OptionalLong.of(cc.maxAgeSeconds());
    return new FetchedDocument(bytes, maxAge);
  }

  /** The URL without query string or user info, for messages. */
  static String redact(HttpUrl url) {
    return url.newBuilder().query(null).username("").password("").build().toString();
  }
}
