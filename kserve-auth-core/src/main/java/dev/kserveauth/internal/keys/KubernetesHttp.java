package dev.kserveauth.internal.keys;

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
 * An OkHttp client for the Kubernetes API server as a pod sees it: TLS trusting only the CA bundle
 * in the pod's {@code ca.crt}, and the pod's service-account token as bearer, re-read from its file
 * on every request (the kubelet rotates it by swapping a symlink).
 */
public final class KubernetesHttp {
  /** Default in-pod locations. */
  public static final String DEFAULT_API_SERVER = "https://kubernetes.default.svc";
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  public static final Path DEFAULT_CA_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
  public static final Path DEFAULT_TOKEN_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private KubernetesHttp() {}

  /**
   * Derives a client from {@code base} (sharing its pool and dispatcher).
   *
   * @param caFile PEM bundle to trust; {@code null} keeps the JVM's default trust store
   * @param tokenFile bearer token file; {@code null} or a missing file sends no token
   * @throws IllegalArgumentException when the CA file is missing or holds no certificate
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
        if (token != null) {
          r = r.newBuilder().header("Authorization", "Bearer " + token).build();
        }
        return chain.proceed(r);
      });
    }
    return b.build();
  }

  static String readToken(Path tokenFile) throws IOException {
    try {
      String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      return t.isEmpty() ? null : t;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Trust in exactly the certificates of the PEM bundle; OkHttp builds the trust manager. */
  static HandshakeCertificates trust(Path caFile) {
    HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder();
    try (InputStream in = Files.newInputStream(caFile)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.addTrustedCertificate((X509Certificate) c);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Kubernetes CA file not found: " + caFile, e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Kubernetes CA file " + caFile + " is not a PEM certificate bundle: "
          + e.getMessage(), e);
    }
    HandshakeCertificates built = trust.build();
    if (built.trustManager().getAcceptedIssuers().length == 0) {
      throw new IllegalArgumentException("Kubernetes CA file " + caFile + " holds no certificate");
    }
    return built;
  }
}
