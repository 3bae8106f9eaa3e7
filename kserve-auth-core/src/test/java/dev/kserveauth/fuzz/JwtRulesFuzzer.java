package dev.kserveauth.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kserveauth.error.KServeAuthException;
import dev.kserveauth.authn.JwtRules;

/** Fuzzes the RequestAuthentication / issuer-config loader: only our own config error may escape. */
class JwtRulesFuzzer {

  @FuzzTest(maxDuration = "30s")
  void loadNeverEscapes(FuzzedDataProvider data) {
    try {
      JwtRules.parse(data.consumeRemainingAsString(), "fuzz.yaml");
    } catch (KServeAuthException expected) {
      // a precise config error: fine
    }
  }
}
