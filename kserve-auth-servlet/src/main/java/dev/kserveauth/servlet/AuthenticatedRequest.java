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
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
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
 * set, incoming copies of them and (unless forwarded) the token removed, and a replayable body when
 * the filter had to read it.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final AuthResult.Proceed result;
  private final Principal principal;
  private final Map<String, String> setHeaders; // lower-case name -> value
  private final Set<String> removed;
  private final byte[] body;

  AuthenticatedRequest(HttpServletRequest request, AuthResult.Proceed result, byte[] body) {
    super(request);
    this.result = result;
    this.principal = result.principal();
    Map<String, String> set = new LinkedHashMap<>();
    result.headersToSet().forEach((k, v) -> set.put(k.toLowerCase(Locale.ROOT), v));
    this.setHeaders = set;
    this.removed = result.headersToRemove();
    this.body = body;
  }

  @Override
  public java.security.Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal == null ? null : principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal != null && role != null && principal.hasRole(role);
  }

  @Override
  public String getAuthType() {
    return principal == null ? null : "Bearer";
  }

  @Override
  public String getHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (setHeaders.containsKey(n)) {
      return setHeaders.get(n);
    }
    return removed.contains(n) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (setHeaders.containsKey(n)) {
      return Collections.enumeration(List.of(setHeaders.get(n)));
    }
    return removed.contains(n) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Set<String> names = new LinkedHashSet<>();
    for (String n : Collections.list(super.getHeaderNames())) {
      String lower = n.toLowerCase(Locale.ROOT);
      if (!removed.contains(lower) && !setHeaders.containsKey(lower)) {
        names.add(n);
      }
    }
    names.addAll(setHeaders.keySet());
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (setHeaders.containsKey(n) || removed.contains(n)) {
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
    return dev.kserveauth.http.RequestParsing.withoutParams(super.getQueryString(), result.queryParamsToRemove());
  }

  @Override
  public String getParameter(String name) {
    return result.queryParamsToRemove().contains(name) ? null : super.getParameter(name);
  }

  @Override
  public String[] getParameterValues(String name) {
    return result.queryParamsToRemove().contains(name) ? null : super.getParameterValues(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    if (result.queryParamsToRemove().isEmpty()) {
      return super.getParameterMap();
    }
    Map<String, String[]> m = new LinkedHashMap<>(super.getParameterMap());
    m.keySet().removeAll(result.queryParamsToRemove());
    return Collections.unmodifiableMap(m);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(new ArrayList<>(getParameterMap().keySet()));
  }

  // --- replayable body ---------------------------------------------------------------------------

  @Override
  public ServletInputStream getInputStream() throws java.io.IOException {
    return body == null ? super.getInputStream() : new BufferedBody(body);
  }

  @Override
  public java.io.BufferedReader getReader() throws java.io.IOException {
    if (body == null) {
      return super.getReader();
    }
    String enc = getCharacterEncoding();
    Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
    return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), cs));
  }

  @Override
  public int getContentLength() {
    return body == null ? super.getContentLength() : body.length;
  }

  @Override
  public long getContentLengthLong() {
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
