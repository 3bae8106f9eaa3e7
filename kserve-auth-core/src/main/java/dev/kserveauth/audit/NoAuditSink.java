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
