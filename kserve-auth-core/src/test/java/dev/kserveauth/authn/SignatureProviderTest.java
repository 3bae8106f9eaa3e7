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
package dev.kserveauth.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignatureProviderTest {

  /** ACCP ships a native library for linux-x86_64 only (the classifier core's tests depend on). */
  static boolean accpPlatform() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64");
  }

  @AfterEach
  void clearProperty() {
    System.clearProperty(SignatureProvider.SYSTEM_PROPERTY);
  }

  @Test
  void autoPicksAccpWhereItsNativeLibraryLoads() {
    assumeTrue(accpPlatform(), "ACCP's native library exists for linux-x86_64 only");
    Provider p = SignatureProvider.auto().resolve().orElseThrow();
    assertThat(p.getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    assertThat(p.getService("Signature", "SHA256withECDSAinP1363Format")).isNotNull();
    assertThat(p.getService("Signature", "Ed25519")).isNotNull();
  }

  @Test
  void autoNeverInstallsTheProviderProcessWide() {
    SignatureProvider.auto().resolve();
    assertThat(Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
    assertThat(Security.getProviders()).noneMatch(p -> p.getName().startsWith("AmazonCorretto"));
  }

  @Test
  void autoFallsBackToTheJdkWhenTheNativeClassIsAbsent() {
    assertThat(SignatureProvider.autoProbing("com.example.NoSuchNativeProvider").resolve()).isEmpty();
  }

  @Test
  void autoFallsBackToTheJdkWhenTheNativeLibraryFailsToLoad() {
    assertThat(FailingNativeProvider.INSTANCE.getLoadingError()).isNotNull();
    assertThat(SignatureProvider.autoProbing(FailingNativeProvider.class.getName()).resolve()).isEmpty();
  }

  @Test
  void autoFallsBackToTheJdkWhenTheNativeClassCannotInitialise() {
    assertThat(SignatureProvider.autoProbing(ExplodingNativeProvider.class.getName()).resolve()).isEmpty();
  }

  @Test
  void autoFallsBackToTheJdkWhenTheClassHasTheWrongShape() {
    assertThat(SignatureProvider.autoProbing(String.class.getName()).resolve()).isEmpty();
  }

  @Test
  void autoUsesAHealthyNativeProviderOfTheSameShape() {
    assertThat(SignatureProvider.autoProbing(HealthyNativeProvider.class.getName()).resolve())
        .containsSame(HealthyNativeProvider.INSTANCE);
  }

  @Test
  void theSystemPropertyTurnsAutoOff() {
    System.setProperty(SignatureProvider.SYSTEM_PROPERTY, "OFF");
    assertThat(SignatureProvider.auto().resolve()).isEmpty();
    assertThat(SignatureProvider.autoProbing(HealthyNativeProvider.class.getName()).resolve()).isEmpty();
  }

  @Test
  void offIsTheJdkAndAnExplicitProviderIsUsedAsGiven() {
    assertThat(SignatureProvider.off().resolve()).isEmpty();
    Provider sunEc = Security.getProvider("SunEC");
    assertThat(SignatureProvider.of(sunEc).resolve()).containsSame(sunEc);
    assertThat(SignatureProvider.of(sunEc)).hasToString("SignatureProvider[SunEC]");
    assertThatThrownBy(() -> SignatureProvider.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void parseAcceptsAutoAndOffAndNamesTheChoicesOtherwise() {
    assertThat(SignatureProvider.parse("auto")).isSameAs(SignatureProvider.auto());
    assertThat(SignatureProvider.parse(" Off ")).isSameAs(SignatureProvider.off());
    assertThat(SignatureProvider.parse("jdk")).isSameAs(SignatureProvider.off());
    assertThatThrownBy(() -> SignatureProvider.parse("bouncycastle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'auto' or 'off'")
        .hasMessageContaining("bouncycastle");
  }

  /** Same static shape as ACCP, with a native library that "did not load". */
  public static final class FailingNativeProvider extends Provider {
    public static final FailingNativeProvider INSTANCE = new FailingNativeProvider();

    private FailingNativeProvider() {
      super("FailingNative", "1.0", "test double whose native library did not load");
    }

    public Throwable getLoadingError() {
      return new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
    }
  }

  /** Same static shape as ACCP, loaded fine. */
  public static final class HealthyNativeProvider extends Provider {
    public static final HealthyNativeProvider INSTANCE = new HealthyNativeProvider();

    private HealthyNativeProvider() {
      super("HealthyNative", "1.0", "test double that loaded");
    }

    public Throwable getLoadingError() {
      return null;
    }
  }

  /** A provider class whose static initialiser throws. */
  public static final class ExplodingNativeProvider extends Provider {
    public static final ExplodingNativeProvider INSTANCE;

    static {
      if (Boolean.parseBoolean("true")) {
        throw new IllegalStateException("native init exploded");
      }
      INSTANCE = null;
    }

    private ExplodingNativeProvider() {
      super("Exploding", "1.0", "never constructed");
    }
  }
}
