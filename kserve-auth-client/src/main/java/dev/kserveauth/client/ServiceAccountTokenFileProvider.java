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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a projected service-account token from a file, by default {@code /var/run/secrets/kubernetes.io/serviceaccount/token}.
 *
 * <p>The kubelet rotates the token by writing a new timestamped directory and swapping the {@code
 * ..data} symlink the {@code token} link points through, so the file's identity (inode), size and
 * modification time change. Before a request this provider looks at those attributes (one {@code
 * stat}, following links, never an open file handle; at most once per {@code checkInterval},
 * default 1 s) and re-reads the file when they changed,
 * when the cached token is within {@code refreshBefore} (default 1 minute) of its JWT {@code exp},
 * or when the cached copy is older than {@code maxAge} (default 1 minute, the interval the
 * Kubernetes 1.21 release notes recommend). It never serves a token past its {@code exp}: if the
 * file still holds an expired token, {@link #token()} throws {@link TokenProviderException}.
 *
 * <p>A {@code subPath} mount of the token never sees the kubelet's updates; mount the directory.
 *
 * <pre>{@code
 * TokenProvider tokens = ServiceAccountTokenFileProvider.builder()
 *     .path(Path.of("/var/run/secrets/tokens/kserve-token"))   // a custom projection
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ServiceAccountTokenFileProvider implements TokenProvider {
  static final String DEFAULT_PATH_STRING = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  /** Where Kubernetes mounts the pod's service-account token by default. */
  public static final Path DEFAULT_PATH = Path.of(DEFAULT_PATH_STRING);

  private record Stamp(Object fileKey, long modifiedMillis, long size) {}

  private record Snapshot(Stamp stamp, AccessToken token, Instant readAt) {}

  private final Path path;
  private final Clock clock;
  private final Duration refreshBefore;
  private final Duration maxAge;
  private final long checkIntervalNanos;
  private final Object lock = new Object();
  private volatile Snapshot snapshot;
  private volatile long lastCheckNanos;

  ServiceAccountTokenFileProvider(ServiceAccountTokenFileProviderBuilder b) {
    this.path = b.path;
    this.clock = b.clock;
    this.refreshBefore = b.refreshBefore;
    this.maxAge = b.maxAge;
    this.checkIntervalNanos = b.checkInterval.toNanos();
  }

  /**
   * A provider of the pod's own token at {@link #DEFAULT_PATH}, with the default settings.
   *
   * @return a new provider; the file is read on its first {@link #token()}
   */
  public static ServiceAccountTokenFileProvider ofDefault() {
    return builder().build();
  }

  /**
   * A provider of the token in {@code path}, with the default settings.
   *
   * @param path the token file, e.g. a custom projected volume
   * @return a new provider; the file is read on its first {@link #token()}
   */
  public static ServiceAccountTokenFileProvider of(Path path) {
    return builder().path(path).build();
  }

  /**
   * A builder; every setting has a default.
   *
   * @return a new builder
   */
  public static ServiceAccountTokenFileProviderBuilder builder() {
    return new ServiceAccountTokenFileProviderBuilder();
  }

  /**
   * The file this provider reads.
   *
   * @return the path, as given
   */
  public Path path() {
    return path;
  }

  @Override
  public AccessToken token() {
    Instant now = clock.instant();
    Snapshot s = snapshot;
    if (s != null && checkIntervalNanos > 0 && System.nanoTime() - lastCheckNanos < checkIntervalNanos
        && !needsReread(s, now, s.stamp())) {
      return s.token(); // the file was looked at less than checkInterval ago
    }
    if (s != null && !needsReread(s, now, stampOrNull())) {
      lastCheckNanos = System.nanoTime();
      return s.token();
    }
    synchronized (lock) {
      now = clock.instant();
      s = snapshot;
      Stamp stamp = stampOrNull();
      if (s != null && !needsReread(s, now, stamp)) {
        return s.token();
      }
      return reread(now);
    }
  }

  @Override
  public AccessToken refresh(String rejected) {
    synchronized (lock) {
      Snapshot s = snapshot;
      if (s != null && !s.token().value().equals(rejected) && !s.token().isExpiredAt(clock.instant())) {
        return s.token();
      }
      // Returns the same value when the kubelet has not rotated the file yet: the client then gives up.
      return reread(clock.instant());
    }
  }

  private boolean needsReread(Snapshot s, Instant now, Stamp stamp) {
    if (stamp == null || !stamp.equals(s.stamp())) {
      return true;
    }
    if (!now.isBefore(s.readAt().plus(maxAge))) {
      return true;
    }
    Instant exp = s.token().expiresAt();
    return exp != null && !now.isBefore(exp.minus(refreshBefore));
  }

  private Stamp stampOrNull() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      return null;
    }
  }

  private AccessToken reread(Instant now) {
    Stamp stamp = stampOrNull();
    String value;
    try {
      value = Files.readString(path, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new TokenProviderException("service-account token file " + path + " does not exist"
          + " (is the token projected into this pod, and not through a subPath mount?)", e);
    } catch (IOException e) {
      throw new TokenProviderException("cannot read service-account token file " + path + ": " + e, e);
    }
    if (value.isEmpty()) {
      throw new TokenProviderException("service-account token file " + path + " is empty");
    }
    AccessToken token;
    try {
      token = AccessToken.of(value, Tokens.jwtExpiry(value));
    } catch (IllegalArgumentException e) {
      throw new TokenProviderException("service-account token file " + path + " does not hold a bearer token: "
          + e.getMessage(), e);
    }
    if (token.isExpiredAt(now)) {
      throw new TokenProviderException("service-account token in " + path + " expired at " + token.expiresAt()
          + " (now " + now + "); the kubelet has not rotated it");
    }
    snapshot = new Snapshot(stamp, token, now);
    lastCheckNanos = System.nanoTime();
    return token;
  }

  @Override
  public String toString() {
    return "ServiceAccountTokenFileProvider[" + path + "]";
  }
}
