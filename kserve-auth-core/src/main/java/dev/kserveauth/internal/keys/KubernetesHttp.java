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
