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
package dev.kserveauth.audit;

/** {@link AuditSink#none()}: records nothing and says so, so no event is built. */
enum NoAuditSink implements AuditSink {
  INSTANCE;

  @Override
  public void record(AuditEvent event) {}

  @Override
  public boolean isEnabled() {
    return false;
  }
}
