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

import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * How requests reach an InferenceService, the three ways users do it:
 *
 * <ul>
 *   <li>{@link #direct()}: the base URL is the model server itself (the predictor Service inside
 *       the cluster, or a port-forward); a path in the base URL is kept as a prefix.
 *   <li>{@link #host(String)} / {@link #ingress(String, String, String)}: send to the ingress
 *       gateway's address and select the InferenceService with the {@code Host} header {@code
 *       {isvc}.{namespace}.{domain}}, as KServe's docs do ({@code curl -H "Host: ..."}).
 *   <li>{@link #pathPrefix(String)}: a VirtualService/HTTPRoute matches a prefix such as {@code
 *       /kfserving/{namespace}/{model}} and rewrites it to {@code /}; the client puts the prefix
 *       in front of every KServe path.
 * </ul>
 *
 * <p>Templates may use {@code {model}}, replaced by the model the call addresses. Server-level calls
 * (V2 health and metadata) name no model, so they need a template without {@code {model}}.
 *
 * <p>With https through an ingress, the TLS handshake uses the URL's host, not the {@code Host}
 * header; give the client an {@code OkHttpClient} with a {@code Dns} that maps the InferenceService
 * hostname to the ingress address and use {@link #direct()} with that hostname instead.
 *
 * @since 0.1
 */
public sealed interface Routing permits Routing.Direct, Routing.HostHeader, Routing.PathPrefix {

  /** Requests go to the base URL as given. */
  static Routing direct() {
    return Direct.INSTANCE;
  }

  /** Sends {@code Host: {isvc}.{namespace}.{domain}} (default Knative domain {@code example.com}). */
  static Routing ingress(String isvc, String namespace, String domain) {
    return new HostHeader(requireLabel(isvc, "isvc") + "." + requireLabel(namespace, "namespace") + "."
        + Objects.requireNonNull(domain, "domain"));
  }

  /** Sends a fixed {@code Host} header, or one built from a template containing {@code {model}}. */
  static Routing host(String hostTemplate) {
    return new HostHeader(hostTemplate);
  }

  /**
   * Puts {@code prefixTemplate} (e.g. {@code /kfserving/team-a/{model}}) in front of every path;
   * the gateway strips it.
   */
  static Routing pathPrefix(String prefixTemplate) {
    return new PathPrefix(prefixTemplate);
  }

  /** The URL for a KServe path ({@code segments}) of {@code model} (null for server-level calls). */
  HttpUrl url(HttpUrl base, String model, List<String> segments);

  /** The Host header to send, or null to let OkHttp derive it from the URL. */
  String hostHeader(String model);

  private static String requireLabel(String s, String what) {
    if (s == null || s.isBlank() || s.contains(".") || s.contains("/")) {
      throw new IllegalArgumentException(what + " must be a single DNS label, got '" + s + "'");
    }
    return s;
  }

  private static String expand(String template, String model, String what) {
    if (!template.contains("{model}")) {
      return template;
    }
    if (model == null) {
      throw new IllegalStateException(what + " template '" + template
          + "' needs {model}, but this is a server-level call; use a template without {model}");
    }
    return template.replace("{model}", model);
  }

  private static HttpUrl append(HttpUrl.Builder b, List<String> segments) {
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /** See {@link #direct()}. */
  enum Direct implements Routing {
    INSTANCE;

    @Override
    public HttpUrl url(HttpUrl base, String model, List<String> segments) {
      return append(base.newBuilder(), segments);
    }

    @Override
    public String hostHeader(String model) {
      return null;
    }
  }

  /** See {@link #host(String)}. */
  record HostHeader(String template) implements Routing {
    public HostHeader {
      Objects.requireNonNull(template, "template");
      if (template.isBlank() || template.contains("/") || template.contains(" ")) {
        throw new IllegalArgumentException("not a host name or template: '" + template + "'");
      }
    }

    @Override
    public HttpUrl url(HttpUrl base, String model, List<String> segments) {
      return append(base.newBuilder(), segments);
    }

    @Override
    public String hostHeader(String model) {
      return expand(template, model, "host");
    }
  }

  /** See {@link #pathPrefix(String)}. */
  record PathPrefix(String template) implements Routing {
    public PathPrefix {
      Objects.requireNonNull(template, "template");
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("path prefix must start with '/': '" + template + "'");
      }
    }

    @Override
    public HttpUrl url(HttpUrl base, String model, List<String> segments) {
      HttpUrl.Builder b = base.newBuilder();
      for (String s : expand(template, model, "path prefix").split("/")) {
        if (!s.isEmpty()) {
          b.addPathSegment(s);
        }
      }
      return append(b, segments);
    }

    @Override
    public String hostHeader(String model) {
      return null;
    }
  }
}
