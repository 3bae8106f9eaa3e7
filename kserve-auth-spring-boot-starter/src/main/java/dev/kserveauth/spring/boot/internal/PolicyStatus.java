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
package dev.kserveauth.spring.boot.internal;

import dev.kserveauth.policy.PolicySet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the health contributor reports about the policies: how many are in force, from where, and the
 * last reload's outcome. Updated at startup and by the policy watcher's thread (through
 * {@link TrackingAuthMetrics#policyReloaded}); read by health checks. Internal.
 */
public final class PolicyStatus {
  private final List<Path> sources;
  private volatile int count;
  private volatile Instant lastReload;
  private volatile Instant lastError;
  private volatile String lastErrorMessage;

  public PolicyStatus(List<Path> sources, int initialCount) {
    this.sources = List.copyOf(sources);
    this.count = initialCount;
  }

  /** The files and directories policies are read from. */
  public List<Path> sources() {
    return sources;
  }

  /** How many policies are in force. */
  public int count() {
    return count;
  }

  /** When the last successful reload happened (null: none since startup). */
  public Instant lastReload() {
    return lastReload;
  }

  /** When the last failed reload happened (null: none, or a later reload succeeded). */
  public Instant lastError() {
    return lastError;
  }

  /** What the last failed reload said, naming file and line (null: none, or a later reload succeeded). */
  public String lastErrorMessage() {
    return lastErrorMessage;
  }

  /**
   * Records a reload outcome. The facade reports success or failure only, so the files are read once
   * more here (on the watcher's thread, after a reload) for the count, or for the error naming file
   * and line.
   */
  void reloaded(boolean success) {
    Instant now = Instant.now();
    try {
      PolicySet set = PolicySet.load(sources.toArray(Path[]::new));
      if (success) {
        count = set.size();
        lastReload = now;
        lastError = null;
        lastErrorMessage = null;
      } else {
        lastError = now;
        lastErrorMessage = "the reloaded files hold " + set.size() + " policies, " + set.enforcingSize()
            + " enforcing; the previous set stays in force (see the log)";
      }
    } catch (RuntimeException e) {
      if (success) {
        lastReload = now; // the files changed again since: the next reload reports it
      } else {
        lastError = now;
        lastErrorMessage = e.getMessage();
      }
    }
  }
}
