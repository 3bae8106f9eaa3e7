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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

enum Slf4jAuditSink implements AuditSink {
  INSTANCE;

  private static final Logger LOG = LoggerFactory.getLogger(AuditSink.LOGGER);

  @Override
  public boolean isEnabled() {
    return LOG.isInfoEnabled();
  }

  @Override
  public void record(AuditEvent event) {
    if (LOG.isInfoEnabled()) {
      LOG.info(AuditJson.render(event));
    }
  }
}
