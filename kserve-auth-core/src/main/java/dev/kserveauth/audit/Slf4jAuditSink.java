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
