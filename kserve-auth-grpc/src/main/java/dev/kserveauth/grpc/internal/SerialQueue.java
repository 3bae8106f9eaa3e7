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
package dev.kserveauth.grpc.internal;

import java.util.ArrayDeque;

/**
 * Runs tasks one at a time, in the order they were handed in, on the thread that hands one in while
 * none runs: gRPC's callbacks and an asynchronous decision's completion never overlap. No thread of
 * its own and no lock held while a task runs.
 */
public final class SerialQueue {
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>(4);
  private boolean running;

  /**
   * Runs {@code task} now, or after the tasks ahead of it when another thread is running them.
   *
   * @param task the task; an exception it throws is logged by the caller's thread and the queue goes on
   */
  public void run(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(SerialQueue.class).error("a gRPC call task failed", e);
      }
    }
  }
}
