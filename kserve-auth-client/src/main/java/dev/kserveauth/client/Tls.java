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
package dev.kserveauth.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * Trust a PEM CA bundle (for an ingress with a private CA, or the cluster's ca.crt). The trust
 * manager and socket factory are OkHttp's own ({@link HandshakeCertificates}): this class only reads
 * the file and names it in errors.
 *
 * <p>Core has the same reader in {@code dev.kserveauth.http.KubernetesApiHttp} (shared by core and
 * kserve-auth-kubernetes). The client keeps its own on purpose: it does not depend on core, so that
 * a program that only calls models gets no policy engine, YAML or cache library (see the README's
 * dependency list), and fifteen lines do not justify that dependency.
 */
final class Tls {
  private Tls() {}

  static void trustOnly(OkHttpClient.Builder builder, Path caPemFile) {
    HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder();
    try (InputStream in = Files.newInputStream(caPemFile)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.addTrustedCertificate((X509Certificate) c);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("CA file not found: " + caPemFile, e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("CA file " + caPemFile + " is not a valid PEM certificate bundle: "
          + e.getMessage(), e);
    }
    HandshakeCertificates certificates = trust.build();
    if (certificates.trustManager().getAcceptedIssuers().length == 0) {
      throw new IllegalArgumentException("CA file " + caPemFile + " holds no PEM certificate");
    }
    builder.sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager());
  }
}
