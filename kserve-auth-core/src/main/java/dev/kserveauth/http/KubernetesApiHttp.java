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
package dev.kserveauth.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.tls.HandshakeCertificates;

/**
 * An OkHttp client for the Kubernetes API server as a pod sees it: TLS trusting exactly the CA
 * certificates of a PEM bundle (the pod's {@code ca.crt}), and a bearer token re-read from its file
 * on every request (the kubelet rotates a projected token by swapping a symlink). Core's Kubernetes
 * key source and {@code kserve-auth-kubernetes} both call the API server through it.
 *
 * <pre>{@code
 * OkHttpClient api = KubernetesApiHttp.client(new OkHttpClient(),
 *     Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"),
 *     Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
 * }</pre>
 *
 * @since 0.1
 */
public final class KubernetesApiHttp {
  private KubernetesApiHttp() {}

  /**
   * Derives a client from {@code base}, sharing its pool and dispatcher.
   *
   * @param base the client whose settings (timeouts, redirects, pool) are kept
   * @param caFile PEM bundle to trust instead of the JVM's trust store; {@code null} keeps the JVM's
   * @param tokenFile bearer token file, read on every request; {@code null}, an empty or a missing
   *     file sends no token
   * @return the derived client
   * @throws IllegalArgumentException when the CA file is missing, unreadable or holds no certificate;
   *     the message names the file
   */
  public static OkHttpClient client(OkHttpClient base, Path caFile, Path tokenFile) {
    OkHttpClient.Builder b = base.newBuilder();
    if (caFile != null) {
      HandshakeCertificates trust = trust(caFile);
      b.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
    }
    if (tokenFile != null) {
      b.addInterceptor(chain -> {
        Request r = chain.request();
        String token = readToken(tokenFile);
        return chain.proceed(token == null ? r : r.newBuilder().header("Authorization", "Bearer " + token).build());
      });
    }
    return b.build();
  }

  private static String readToken(Path tokenFile) throws IOException {
    try {
      String t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      return t.isEmpty() ? null : t;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Trust in exactly the certificates of the PEM bundle; OkHttp builds the trust manager. */
  private static HandshakeCertificates trust(Path caFile) {
    HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder();
    int n = 0;
    try (InputStream in = Files.newInputStream(caFile)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.addTrustedCertificate((X509Certificate) c);
        n++;
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Kubernetes CA file not found: " + caFile, e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Kubernetes CA file " + caFile + " is not a PEM certificate bundle: "
          + e.getMessage(), e);
    }
    if (n == 0) {
      throw new IllegalArgumentException("Kubernetes CA file " + caFile + " holds no certificate");
    }
    return trust.build();
  }
}
