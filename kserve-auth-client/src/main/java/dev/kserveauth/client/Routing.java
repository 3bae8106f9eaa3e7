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
 * <pre>{@code
 * // in the cluster, straight to the predictor Service
 * KServeClient.builder().baseUrl("http://sklearn-iris-predictor.team-a").routing(Routing.direct());
 * // through the ingress gateway: Host: sklearn-iris.team-a.example.com
 * KServeClient.builder().baseUrl("http://istio-ingressgateway.istio-system")
 *     .routing(Routing.ingress("sklearn-iris", "team-a", "example.com"));
 * // through a gateway route that strips /serving/team-a/{model}
 * KServeClient.builder().baseUrl("https://ml.example.com")
 *     .routing(Routing.pathPrefix("/serving/team-a/{model}"));
 * }</pre>
 *
 * <p>Templates may use {@code {model}}, replaced by the model the call addresses. Server-level calls
 * (V2 health and metadata) name no model, so they need a template without {@code {model}}.
 *
 * <p>With https through an ingress, the TLS handshake uses the URL's host, not the {@code Host}
 * header; give the client an {@code OkHttpClient} with a {@code Dns} that maps the InferenceService
 * hostname to the ingress address and use {@link #direct()} with that hostname instead.
 *
 * <p>The interface is sealed: the three factories are the only ways to route. Its two abstract
 * methods and the nested implementations are public only because Java makes interface members
 * public; they are called by {@link KServeClient} and are not meant for callers. Instances are
 * immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface Routing permits Routing.Direct, Routing.HostHeader, Routing.PathPrefix {

  /**
   * Requests go to the base URL as given, with no {@code Host} override.
   *
   * @return the routing
   */
  static Routing direct() {
    return Direct.INSTANCE;
  }

  /**
   * Sends {@code Host: {isvc}.{namespace}.{domain}}, the host name KServe gives an
   * InferenceService behind its ingress (the default Knative domain is {@code example.com}).
   *
   * @param isvc the InferenceService name, a single DNS label
   * @param namespace its namespace, a single DNS label
   * @param domain the cluster's ingress domain, e.g. {@code example.com}
   * @return the routing
   * @throws IllegalArgumentException when {@code isvc} or {@code namespace} is blank or contains
   *     {@code .} or {@code /}, or the resulting host name is not valid
   * @throws NullPointerException when {@code domain} is {@code null}
   */
  static Routing ingress(String isvc, String namespace, String domain) {
    return new HostHeader(requireLabel(isvc, "isvc") + "." + requireLabel(namespace, "namespace") + "."
        + Objects.requireNonNull(domain, "domain"));
  }

  /**
   * Sends a fixed {@code Host} header, or one built from a template containing {@code {model}},
   * e.g. {@code {model}.team-a.example.com}; a template with {@code {model}} cannot serve
   * server-level calls.
   *
   * @param hostTemplate the host name or template, without scheme, path or spaces
   * @return the routing
   * @throws IllegalArgumentException when {@code hostTemplate} is blank or contains {@code /} or a
   *     space
   * @throws NullPointerException when {@code hostTemplate} is {@code null}
   */
  static Routing host(String hostTemplate) {
    return new HostHeader(hostTemplate);
  }

  /**
   * Puts {@code prefixTemplate} (e.g. {@code /kfserving/team-a/{model}}) in front of every path;
   * the gateway strips it. The prefix's segments are added after the base URL's own path.
   *
   * @param prefixTemplate the prefix, starting with {@code /}; may contain {@code {model}}
   * @return the routing
   * @throws IllegalArgumentException when {@code prefixTemplate} does not start with {@code /}
   * @throws NullPointerException when {@code prefixTemplate} is {@code null}
   */
  static Routing pathPrefix(String prefixTemplate) {
    return new PathPrefix(prefixTemplate);
  }

  /**
   * The URL for a KServe path of a model. Called by {@link KServeClient} for each call; not meant
   * for callers.
   *
   * @param base the client's base URL
   * @param model the model the call addresses, or {@code null} for a server-level call
   * @param segments the KServe path's segments, unencoded, e.g. {@code [v2, models, iris, infer]}
   * @return the URL to send to
   * @throws IllegalStateException when a template needs {@code {model}} and {@code model} is
   *     {@code null}
   */
  HttpUrl url(HttpUrl base, String model, List<String> segments);

  /**
   * The {@code Host} header to send. Called by {@link KServeClient} for each call; not meant for
   * callers.
   *
   * @param model the model the call addresses, or {@code null} for a server-level call
   * @return the host, or {@code null} to let OkHttp derive it from the URL
   * @throws IllegalStateException when the template needs {@code {model}} and {@code model} is
   *     {@code null}
   */
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

  /** See {@link #direct()}; public only as an interface member, use the factory. */
  enum Direct implements Routing {
    /** The only instance. */
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

  /**
   * See {@link #host(String)}; public only as an interface member, use the factory.
   *
   * @param template the host name or template
   */
  record HostHeader(String template) implements Routing {
    /**
     * Checks the template.
     *
     * @param template the host name or template
     * @throws IllegalArgumentException as {@link Routing#host(String)}
     */
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

  /**
   * See {@link #pathPrefix(String)}; public only as an interface member, use the factory.
   *
   * @param template the path prefix or template
   */
  record PathPrefix(String template) implements Routing {
    /**
     * Checks the template.
     *
     * @param template the path prefix or template
     * @throws IllegalArgumentException as {@link Routing#pathPrefix(String)}
     */
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
