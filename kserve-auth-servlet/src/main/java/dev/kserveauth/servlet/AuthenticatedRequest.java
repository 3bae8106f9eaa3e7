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
package dev.kserveauth.servlet;

import dev.kserveauth.AuthResult;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request the application sees after an ALLOW: principal and roles from the token, output headers
 * set, incoming copies of them and (unless forwarded) the token removed, the principal and decision in
 * request attributes, and a replayable body when the filter had to read it.
 *
 * <p>A decision that completes later starts the async cycle with this wrapper while the decision is
 * pending ({@link #pending}); the allow fills it in ({@link #allow}) before the ASYNC dispatch that
 * carries it to the application, so the dispatch reaches the application as allowed whether or not
 * the filter is mapped for ASYNC.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  /** The body the filter read for a decision, kept for an ASYNC dispatch the application starts itself. */
  static final String BODY_ATTRIBUTE = AuthenticatedRequest.class.getName() + ".body";

  /** What the allow changes; nothing while pending. */
  private record Allowed(AuthResult.Proceed result, Map<String, String> setHeaders, Set<String> removed,
      Set<String> params, byte[] body) {}

  private static final Allowed PENDING = new Allowed(null, Map.of(), Set.of(), Set.of(), null);

  private volatile Allowed allowed;
  /** Set while the filter's own ASYNC dispatch is on its way: the request as decided, to check its routing. */
  private volatile RequestView decided;

  private AuthenticatedRequest(HttpServletRequest request, Allowed allowed) {
    super(request);
    this.allowed = allowed;
  }

  /** The request as allowed: attributes set, ready for the application. */
  static AuthenticatedRequest of(HttpServletRequest request, AuthResult.Proceed result, byte[] body) {
    AuthenticatedRequest r = pending(request);
    r.allow(result, body);
    return r;
  }

  /** A wrapper whose decision is pending: nothing of the token's yet, until {@link #allow}. */
  static AuthenticatedRequest pending(HttpServletRequest request) {
    return new AuthenticatedRequest(request, PENDING);
  }

  /** The allow: the token's view of the request, and the attributes the filter documents. */
  void allow(AuthResult.Proceed result, byte[] body) {
    if (result.principal() != null) {
      setAttribute(KServeAuthFilter.PRINCIPAL_ATTRIBUTE, result.principal());
    }
    setAttribute(KServeAuthFilter.DECISION_ATTRIBUTE, result.decision());
    setAttribute(KServeAuthFilter.RESULT_ATTRIBUTE, result);
    if (body != null) {
      setAttribute(BODY_ATTRIBUTE, body);
    }
    this.allowed = new Allowed(result, result.headersToSet(), result.headersToRemove(), result.queryParamsToRemove(),
        body);
  }

  /** The allowed result, or null while the decision is pending. */
  AuthResult.Proceed result() {
    return allowed.result;
  }

  /** Whether the filter read the body (it replays it): nothing of it is left unread. */
  boolean bodyRead() {
    return allowed.body != null;
  }

  /** Marks the filter's own ASYNC dispatch, which carries this request to the application. */
  void continuing(RequestView view) {
    decided = view;
  }

  /** The request as decided when this is the filter's own ASYNC dispatch (once), else null. */
  RequestView takeContinuation() {
    RequestView v = decided;
    decided = null;
    return v;
  }

  /** The wrapper in a chain of wrappers, or null. */
  static AuthenticatedRequest in(ServletRequest request) {
    for (ServletRequest r = request; r instanceof ServletRequestWrapper w; r = w.getRequest()) {
      if (w instanceof AuthenticatedRequest a) {
        return a;
      }
    }
    return null;
  }

  @Override
  public java.security.Principal getUserPrincipal() {
    return principal();
  }

  private Principal principal() {
    AuthResult.Proceed r = allowed.result;
    return r == null ? null : r.principal();
  }

  @Override
  public String getRemoteUser() {
    Principal principal = principal();
    return principal == null ? null : principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    Principal principal = principal();
    return principal != null && role != null && principal.hasRole(role);
  }

  @Override
  public String getAuthType() {
    return principal() == null ? null : "Bearer";
  }

  @Override
  public String getHeader(String name) {
    Allowed a = allowed;
    String n = name.toLowerCase(Locale.ROOT);
    if (a.setHeaders.containsKey(n)) {
      return a.setHeaders.get(n);
    }
    return a.removed.contains(n) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    Allowed a = allowed;
    String n = name.toLowerCase(Locale.ROOT);
    if (a.setHeaders.containsKey(n)) {
      return Collections.enumeration(List.of(a.setHeaders.get(n)));
    }
    return a.removed.contains(n) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Allowed a = allowed;
    Set<String> names = new LinkedHashSet<>();
    for (String n : Collections.list(super.getHeaderNames())) {
      String lower = n.toLowerCase(Locale.ROOT);
      if (!a.removed.contains(lower) && !a.setHeaders.containsKey(lower)) {
        names.add(n);
      }
    }
    names.addAll(a.setHeaders.keySet());
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    Allowed a = allowed;
    String n = name.toLowerCase(Locale.ROOT);
    if (a.setHeaders.containsKey(n) || a.removed.contains(n)) {
      String v = getHeader(name);
      return v == null ? -1 : httpDate(name, v);
    }
    return super.getDateHeader(name);
  }

  /** An HTTP date (RFC 9110 §5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms) in epoch millis. */
  static long httpDate(String name, String value) {
    String v = value.trim();
    for (java.time.format.DateTimeFormatter f : HTTP_DATES) {
      try {
        return java.time.ZonedDateTime.parse(v, f).toInstant().toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        // try the next form
      }
    }
    throw new IllegalArgumentException("header " + name + " is not a date"); // as the Servlet API specifies
  }

  private static final List<java.time.format.DateTimeFormatter> HTTP_DATES = List.of(
      java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME,
      java.time.format.DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
      java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
          .withZone(java.time.ZoneOffset.UTC));

  @Override
  public int getIntHeader(String name) {
    String v = getHeader(name);
    return v == null ? -1 : Integer.parseInt(v.trim());
  }

  // --- token in a query parameter (forwardOriginalToken: false) ---------------------------------

  @Override
  public String getQueryString() {
    return dev.kserveauth.http.RequestParsing.withoutParams(super.getQueryString(), allowed.params);
  }

  @Override
  public String getParameter(String name) {
    return allowed.params.contains(name) ? null : super.getParameter(name);
  }

  @Override
  public String[] getParameterValues(String name) {
    return allowed.params.contains(name) ? null : super.getParameterValues(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    Set<String> params = allowed.params;
    if (params.isEmpty()) {
      return super.getParameterMap();
    }
    Map<String, String[]> m = new LinkedHashMap<>(super.getParameterMap());
    m.keySet().removeAll(params);
    return Collections.unmodifiableMap(m);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(new ArrayList<>(getParameterMap().keySet()));
  }

  // --- replayable body ---------------------------------------------------------------------------

  @Override
  public ServletInputStream getInputStream() throws java.io.IOException {
    byte[] body = allowed.body;
    return body == null ? super.getInputStream() : new BufferedBody(body);
  }

  @Override
  public java.io.BufferedReader getReader() throws java.io.IOException {
    byte[] body = allowed.body;
    if (body == null) {
      return super.getReader();
    }
    String enc = getCharacterEncoding();
    Charset cs;
    try {
      cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
    } catch (IllegalArgumentException unknown) { // as the Servlet API specifies (and containers do)
      throw new java.io.UnsupportedEncodingException(enc);
    }
    return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), cs));
  }

  @Override
  public int getContentLength() {
    byte[] body = allowed.body;
    return body == null ? super.getContentLength() : body.length;
  }

  @Override
  public long getContentLengthLong() {
    byte[] body = allowed.body;
    return body == null ? super.getContentLengthLong() : body.length;
  }

  private static final class BufferedBody extends ServletInputStream {
    private final ByteArrayInputStream in;

    BufferedBody(byte[] body) {
      this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      try {
        listener.onDataAvailable();
        listener.onAllDataRead();
      } catch (java.io.IOException e) {
        listener.onError(e);
      }
    }
  }
}
