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
package dev.kserveauth;

import dev.kserveauth.internal.config.BoundedFiles;
import dev.kserveauth.internal.policy.PolicyFiles;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a policy engine in step with files on disk. Polls a fingerprint (names + SHA-256 of every
 * policy file) and reloads when it changed and then stayed the same for one more poll, so a file
 * caught mid-write is not loaded; a load during which the fingerprint changed is discarded (it may
 * mix files from before and after a ConfigMap swap). A load is all-or-nothing ({@link PolicySet#load})
 * and the engine is swapped with one atomic write, so a request sees the old set or the new one.
 * Several files that must change together should change atomically, as a mounted ConfigMap does
 * (one symlink swap of its {@code ..data} directory). A file
 * that fails to load leaves the old set serving; the error is logged with its {@code file:line}.
 */
final class PolicyReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);

  private final Path[] paths;
  private final Function<PolicySet, PolicyEngine> engineFactory;
  private final AtomicReference<PolicyEngine> current;
  private final ScheduledExecutorService timer;
  private final java.util.function.Consumer<Boolean> onResult;
  private byte[] loadedPrint;
  private byte[] pendingPrint;
  private int servingCount;
  private int servingEnforcing;

  /**
   * A policy set and the fingerprint of the files it was read from (taken before and after reading, equal).
   *
   * @param set the policies
   * @param fingerprint the files' fingerprint, or {@code null} when it could not be taken
   */
  record Loaded(PolicySet set, byte[] fingerprint) {}

  /**
   * Loads the files once, consistently: when they change while being read (a ConfigMap swap), reads
   * them again, a few times at most.
   *
   * @throws dev.kserveauth.policy.PolicyException when a file is invalid or unreadable
   */
  static Loaded load(Path... paths) {
    for (int attempt = 0; ; attempt++) {
      byte[] before = fingerprintOrNull(paths);
      PolicySet set = PolicySet.load(paths);
      byte[] after = fingerprintOrNull(paths);
      if (before != null && Arrays.equals(before, after) || attempt == 4) {
        return new Loaded(set, after);
      }
    }
  }

  PolicyReloader(List<Path> paths, Function<PolicySet, PolicyEngine> engineFactory, Loaded initial,
      Duration interval, java.util.function.Consumer<Boolean> onResult) {
    this.servingCount = initial.set().size();
    this.servingEnforcing = initial.set().enforcingSize();
    this.paths = paths.toArray(Path[]::new);
    this.engineFactory = engineFactory;
    this.current = new AtomicReference<>(engineFactory.apply(initial.set()));
    this.onResult = onResult;
    // the fingerprint of the files the initial set was read from: an edit since then is reloaded
    this.loadedPrint = initial.fingerprint();
    if (interval == null) {
      this.timer = null;
    } else {
      this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kserve-auth-policy-watch");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(50, interval.toMillis());
      timer.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  PolicyEngine engine() {
    return current.get();
  }

  /** One poll: reload when the files changed and have been stable since the previous poll. */
  synchronized void poll() {
    try {
      byte[] print = fingerprintOrNull();
      if (print == null || Arrays.equals(print, loadedPrint)) {
        pendingPrint = null;
        return;
      }
      if (!Arrays.equals(print, pendingPrint)) {
        pendingPrint = print; // changed: wait one more poll for the writer to finish
        return;
      }
      reloadNow(print);
    } catch (RuntimeException e) {
      LOG.warn("policy watch failed: {}", e.toString());
    }
  }

  /** Loads now regardless of the fingerprint; returns whether the new set is serving. */
  synchronized boolean reloadNow() {
    return reloadNow(fingerprintOrNull());
  }

  private boolean reloadNow(byte[] print) {
    pendingPrint = null;
    try {
      PolicySet set = PolicySet.load(paths);
      byte[] after = fingerprintOrNull();
      if (print != null && !Arrays.equals(print, after)) {
        // the files changed while they were read: the set may mix old and new files; try again next poll
        LOG.info("policy files changed while loading; retrying on the next poll");
        return false;
      }
      if (set.enforcingSize() == 0 && servingEnforcing > 0) {
        // no enforcing policy means allow-all (Istio's meaning): never slide into it from an emptied or
        // half-written file, or from an edit that turned every policy into dry-run or AUDIT, while
        // policies are enforcing; a deliberate "allow all" is an explicit ALLOW policy
        throw new dev.kserveauth.policy.PolicyException(Arrays.toString(paths), set.size() == 0
            ? "the policy files now hold no policy; refusing to replace " + servingCount + " serving policies with none"
            : "the policy files now hold " + set.size() + " policies, none of them enforcing (all dry-run or AUDIT); "
                + "refusing to replace " + servingEnforcing + " enforcing policies with allow-all");
      }
      PolicyEngine next = engineFactory.apply(set);
      current.set(next);
      servingCount = set.size();
      servingEnforcing = set.enforcingSize();
      loadedPrint = print;
      LOG.info("policies reloaded: {} policies from {}", set.size(), Arrays.toString(paths));
      onResult.accept(true);
      return true;
    } catch (RuntimeException e) {
      loadedPrint = print; // do not retry the same broken content on every poll
      LOG.error("policy reload failed, the previous policy set stays in force: {}", e.getMessage());
      onResult.accept(false);
      return false;
    }
  }

  private byte[] fingerprintOrNull() {
    return fingerprintOrNull(paths);
  }

  /**
   * Names and content of every policy file. A file that cannot be read within {@link BoundedFiles}'
   * limits (a FIFO, an oversized file) contributes its kind, size and time instead of content, so
   * it never blocks the watcher, and a change to it still triggers a load, which then fails with an
   * ERROR naming the file; a later valid edit changes the fingerprint again and is loaded.
   */
  private static byte[] fingerprintOrNull(Path[] paths) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path p : paths) {
        for (Path f : PolicyFiles.of(p)) {
          md.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update((byte) 0);
          md.update(contentOrMarker(f));
          md.update((byte) 0);
        }
      }
      return md.digest();
    } catch (IOException e) {
      return null; // the folder cannot be listed right now (e.g. a ConfigMap swap in progress): try again next poll
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] contentOrMarker(Path f) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(f, BasicFileAttributes.class);
    } catch (IOException e) {
      return new byte[] {1}; // missing
    }
    try {
      BoundedFiles.check(a);
      return BoundedFiles.readBytes(f);
    } catch (IOException e) {
      String marker = "\u0000unreadable " + a.isRegularFile() + " " + a.size() + " " + a.lastModifiedTime() + " "
          + a.fileKey() + " " + e.getMessage();
      return marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
