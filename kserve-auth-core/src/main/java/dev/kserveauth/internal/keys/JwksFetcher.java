package dev.kserveauth.internal.keys;

import java.util.concurrent.CompletionStage;

/** Fetches a JWKS document asynchronously. Implementations never block the calling thread. */
public interface JwksFetcher {

  /** Starts one fetch; the stage completes with the JWKS body or exceptionally with a {@link FetchException}. */
  CompletionStage<FetchedDocument> fetch();

  /** Where keys come from, for logs (a URL; never a secret). */
  String describe();
}
