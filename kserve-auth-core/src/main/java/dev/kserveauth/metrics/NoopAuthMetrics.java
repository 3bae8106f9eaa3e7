package dev.kserveauth.metrics;

import java.util.Set;

enum NoopAuthMetrics implements AuthMetrics {
  INSTANCE;

  @Override
  public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {}

  @Override
  public void authorized(boolean allowed, long nanos, Set<String> roles) {}

  @Override
  public void jwksFetched(String issuer, boolean success) {}

  @Override
  public void tokenCacheLookup(boolean hit) {}
}
