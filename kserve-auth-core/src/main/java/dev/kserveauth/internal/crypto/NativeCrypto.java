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
package dev.kserveauth.internal.crypto;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.Provider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the optional native provider (ACCP) by reflection, so that core neither needs it at
 * compile time nor fails when it is absent, and logs the provider choice. Internal: no
 * compatibility promise.
 *
 * <p>ACCP is never installed with {@code Security.insertProviderAt}; callers pass the returned
 * {@link Provider} to {@code Signature.getInstance(name, provider)} for kserve-auth's own
 * verifications only.
 */
public final class NativeCrypto {

  /** ACCP's provider class; its {@code INSTANCE} field and {@code getLoadingError()} are public API. */
  public static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

  private static final Logger LOG = LoggerFactory.getLogger("dev.kserveauth.authn.SignatureProvider");

  /** Messages already logged: the choice is logged once per process, not once per validator. */
  private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** ACCP's load outcome never changes within a process: probe it once. */
  private static volatile Outcome accpOutcome;

  private NativeCrypto() {}

  /** Either a loaded provider or the reason there is none. */
  record Outcome(Provider provider, String reason) {}

  /**
   * The native provider named {@code className} when it loads, else empty; logs the choice.
   *
   * @param className ACCP's class (memoized), or another class with the same static shape (tests)
   */
  public static Optional<Provider> probe(String className) {
    Outcome o;
    if (ACCP_CLASS.equals(className)) {
      o = accpOutcome;
      if (o == null) {
        o = load(className);
        accpOutcome = o;
      }
    } else {
      o = load(className);
    }
    if (o.provider() != null) {
      info("kserve-auth verifies token signatures with " + o.provider().getName() + " "
          + o.provider().getVersionStr() + " (native, kserve-auth's own verifications only)");
      return Optional.of(o.provider());
    }
    return useJdk(o.reason());
  }

  /** Logs and returns the JDK choice. */
  public static Optional<Provider> useJdk(String reason) {
    info("kserve-auth verifies token signatures with the JDK providers (" + reason + ")");
    return Optional.empty();
  }

  /** Logs and returns a provider the user configured. */
  public static Optional<Provider> useExplicit(Provider provider) {
    info("kserve-auth verifies token signatures with " + provider.getName() + " " + provider.getVersionStr()
        + " (configured)");
    return Optional.of(provider);
  }

  private static void info(String message) {
    if (LOGGED.add(message)) {
      LOG.info(message);
    }
  }

  /** Never throws: any failure to find or load the class is a reason to use the JDK. */
  static Outcome load(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, true, NativeCrypto.class.getClassLoader());
    } catch (ClassNotFoundException | NoClassDefFoundError absent) {
      return new Outcome(null, "native provider " + simpleName(className) + " not on the class path");
    } catch (LinkageError | RuntimeException broken) {
      return new Outcome(null, "native provider " + simpleName(className) + " failed to initialise: " + describe(broken));
    }
    try {
      Field instanceField = c.getField("INSTANCE");
      Object instance = instanceField.get(null);
      if (!(instance instanceof Provider provider)) {
        return new Outcome(null, "native provider " + simpleName(className) + " has no Provider INSTANCE");
      }
      Method loadingError = c.getMethod("getLoadingError");
      Object error = loadingError.invoke(instance);
      if (error != null) {
        return new Outcome(null, "native library of " + provider.getName() + " did not load: "
            + describe(error instanceof Throwable t ? t : new IllegalStateException(String.valueOf(error))));
      }
      return new Outcome(provider, null);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Outcome(null, "native provider " + simpleName(className) + " unusable: " + describe(cause));
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String describe(Throwable t) {
    if (t.getMessage() == null && t.getCause() != null) {
      return t.getClass().getSimpleName() + " caused by " + describe(t.getCause());
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
