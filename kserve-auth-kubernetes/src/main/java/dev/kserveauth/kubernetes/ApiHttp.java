package dev.kserveauth.kubernetes;

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
 * The OkHttp client for the API server: TLS trusting exactly the given CA bundle, and this
 * process's token as bearer, read from its file on every call (the kubelet rotates it by swapping a
 * symlink; a review is a cache miss, so the read is rare).
 */
final class ApiHttp {
  private ApiHttp() {}

  static OkHttpClient client(OkHttpClient base, Path caFile, Path tokenFile) {
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
