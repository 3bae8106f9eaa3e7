package dev.kserveauth.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** Trust a PEM CA bundle (for an ingress with a private CA, or the cluster's ca.crt). */
final class Tls {
  private Tls() {}

  static void trustOnly(OkHttpClient.Builder builder, Path caPemFile) {
    X509TrustManager tm = trustManager(caPemFile);
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      builder.sslSocketFactory(ctx.getSocketFactory(), tm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialise TLS with CA file " + caPemFile + ": " + e.getMessage(), e);
    }
  }

  static X509TrustManager trustManager(Path caPemFile) {
    try (InputStream in = Files.newInputStream(caPemFile)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("CA file " + caPemFile + " holds no PEM certificate");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X509TrustManager available");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CA file " + caPemFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("CA file " + caPemFile + " is not a valid PEM certificate bundle: "
          + e.getMessage(), e);
    }
  }
}
