package dev.kserveauth.authn;

/**
 * Every attack token of {@link AttackTokensTest} again, with the JDK's providers: the verdicts and
 * reasons must not depend on the provider (the base class runs on ACCP where it loads).
 */
class AttackTokensJdkTest extends AttackTokensTest {

  @Override
  SignatureProvider signatureProvider() {
    return SignatureProvider.off();
  }

  @Override
  String expectedProviderName() {
    return "JDK";
  }
}
