package dev.kserveauth;

import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
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
  private final Runnable onReload;
  private final java.util.function.Consumer<Boolean> onResult;
  private byte[] loadedPrint;
  private byte[] pendingPrint;
  private int servingCount;

  PolicyReloader(List<Path> paths, Function<PolicySet, PolicyEngine> engineFactory, PolicyEngine initial,
      int initialCount, Duration interval, java.util.function.Consumer<Boolean> onResult) {
    this.servingCount = initialCount;
    this.paths = paths.toArray(Path[]::new);
    this.engineFactory = engineFactory;
    this.current = new AtomicReference<>(initial);
    this.onResult = onResult;
    this.onReload = this::poll;
    this.loadedPrint = fingerprintOrNull();
    if (interval == null) {
      this.timer = null;
    } else {
      this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kserve-auth-policy-watch");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(50, interval.toMillis());
      timer.scheduleWithFixedDelay(onReload, ms, ms, TimeUnit.MILLISECONDS);
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
      if (set.size() == 0 && servingCount > 0) {
        // no policy at all means allow-all (Istio's meaning): never slide into it from an emptied or
        // half-written file while policies are serving; a deliberate "allow all" is an explicit policy
        throw new dev.kserveauth.policy.PolicyException(Arrays.toString(paths),
            "the policy files now hold no policy; refusing to replace " + servingCount + " serving policies with none");
      }
      PolicyEngine next = engineFactory.apply(set);
      current.set(next);
      servingCount = set.size();
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
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path p : paths) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.list(p)) {
            s.filter(f -> {
              String n = f.getFileName().toString();
              return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
            }).sorted().forEach(files::add);
          }
        } else {
          files.add(p);
        }
        for (Path f : files) {
          md.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update((byte) 0);
          md.update(Files.exists(f) ? Files.readAllBytes(f) : new byte[] {1});
          md.update((byte) 0);
        }
      }
      return md.digest();
    } catch (IOException e) {
      return null; // unreadable right now (e.g. a ConfigMap swap in progress): try again next poll
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
