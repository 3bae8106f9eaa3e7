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
