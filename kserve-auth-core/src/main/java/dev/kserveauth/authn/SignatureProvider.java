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

import dev.kserveauth.internal.crypto.NativeCrypto;
import java.security.Provider;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which JCA provider verifies token signatures (RS*, PS*, ES*, EdDSA). Used for kserve-auth's own
 * verifications only: nothing is ever installed process-wide ({@code Security.insertProviderAt}),
 * so the rest of the application keeps the JDK's providers.
 *
 * <ul>
 *   <li>{@link #auto()} (the default): the Amazon Corretto Crypto Provider (ACCP, AWS-LC) when it
 *       is on the class path and its native library loads on this platform, otherwise the JDK's
 *       providers. With ACCP, a cold RS256 token verifies about twice as fast and an ES256 token
 *       more than ten times as fast (see {@code docs/benchmarks.md}). The system property
 *       {@value #SYSTEM_PROPERTY}{@code =off} turns it off without code (for the CLI and samples).
 *   <li>{@link #off()}: the JDK's providers only.
 *   <li>{@link #of(Provider)}: a provider of your own, e.g. a FIPS provider.
 * </ul>
 *
 * <p>An algorithm the chosen provider does not offer is verified by the JDK's provider. Checks
 * that decide a verdict (ECDSA signature length, Ed25519 signature length, key type and size)
 * are kserve-auth's own and never depend on the provider.
 *
 * <pre>{@code
 * TokenValidator v = TokenValidator.builder()
 *     .signatureProvider(SignatureProvider.off())   // or .of(myFipsProvider); default auto()
 *     ...
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class SignatureProvider {

  /** System property read by {@link #auto()}: {@code off} (or {@code jdk}) forces the JDK's providers. */
  public static final String SYSTEM_PROPERTY = "kserveauth.signatureProvider";

  private enum Mode { AUTO, OFF, EXPLICIT }

  private static final SignatureProvider AUTO = new SignatureProvider(Mode.AUTO, null, NativeCrypto.ACCP_CLASS);
  private static final SignatureProvider OFF = new SignatureProvider(Mode.OFF, null, null);

  private final Mode mode;
  private final Provider provider;
  private final String nativeClassName;

  private SignatureProvider(Mode mode, Provider provider, String nativeClassName) {
    this.mode = mode;
    this.provider = provider;
    this.nativeClassName = nativeClassName;
  }

  /**
   * ACCP when present and loadable, else the JDK (the default).
   *
   * @return the default setting
   */
  public static SignatureProvider auto() {
    return AUTO;
  }

  /**
   * The JDK's providers only.
   *
   * @return the setting that uses the JDK only
   */
  public static SignatureProvider off() {
    return OFF;
  }

  /**
   * A provider of your own for every signature it offers.
   *
   * @param provider the provider; it is used directly, not installed
   * @return the setting
   */
  public static SignatureProvider of(Provider provider) {
    return new SignatureProvider(Mode.EXPLICIT, Objects.requireNonNull(provider, "provider"), null);
  }

  /**
   * A setting from a configuration file or a command-line flag.
   *
   * @param setting {@code auto} or {@code off} ({@code jdk} is a synonym of {@code off}), any case
   * @return the setting
   * @throws IllegalArgumentException naming the accepted values
   */
  public static SignatureProvider parse(String setting) {
    String s = Objects.requireNonNull(setting, "setting").trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "auto", "on", "" -> AUTO;
      case "off", "jdk" -> OFF;
      default -> throw new IllegalArgumentException(
          "signature provider must be 'auto' or 'off' (or 'jdk'), was '" + setting + "'");
    };
  }

  /** Test hook: {@link #auto()} probing another class than ACCP's (to force the load-failure path). */
  static SignatureProvider autoProbing(String nativeProviderClassName) {
    return new SignatureProvider(Mode.AUTO, null, Objects.requireNonNull(nativeProviderClassName));
  }

  /**
   * Decides, once, which provider verifies signatures and logs that choice at INFO (one line,
   * with the reason when the native provider is not used). Call it when building a validator.
   *
   * @return the preferred provider, or empty for the JDK's providers
   */
  public Optional<Provider> resolve() {
    return switch (mode) {
      case OFF -> NativeCrypto.useJdk("turned off by configuration");
      case EXPLICIT -> NativeCrypto.useExplicit(provider);
      case AUTO -> {
        String prop = System.getProperty(SYSTEM_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (prop.equals("off") || prop.equals("jdk")) {
          yield NativeCrypto.useJdk("turned off by -D" + SYSTEM_PROPERTY + "=" + prop);
        }
        yield NativeCrypto.probe(nativeClassName);
      }
    };
  }

  @Override
  public String toString() {
    return switch (mode) {
      case AUTO -> "SignatureProvider[auto]";
      case OFF -> "SignatureProvider[off]";
      case EXPLICIT -> "SignatureProvider[" + provider.getName() + "]";
    };
  }
}
