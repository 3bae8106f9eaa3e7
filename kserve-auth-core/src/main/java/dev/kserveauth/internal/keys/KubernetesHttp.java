package dev.kserveauth.internal.keys;

import java.nio.file.Path;

/**
 * Where a pod finds the Kubernetes API server and its credentials by default. The client for it is
 * {@link dev.kserveauth.http.KubernetesApiHttp}.
 */
public final class KubernetesHttp {
  /** Default in-pod locations. */
  public static final String DEFAULT_API_SERVER = "https://kubernetes.default.svc";
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  public static final Path DEFAULT_CA_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
  public static final Path DEFAULT_TOKEN_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private KubernetesHttp() {}
}
