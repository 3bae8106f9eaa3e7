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

import java.util.Objects;

/**
 * Renders the {@code WWW-Authenticate} value of RFC 6750 section 3. Both adapters call this one
 * renderer, so the servlet filter and the Vert.x handler send byte-identical challenges.
 *
 * <pre>{@code
 * BearerChallenge.render("kserve", null, null, null);
 * // Bearer realm="kserve"
 * BearerChallenge.render("kserve", BearerErrorCode.INVALID_TOKEN, "token expired", null);
 * // Bearer realm="kserve", error="invalid_token", error_description="token expired"
 * }</pre>
 *
 * <p>Characters RFC 6750 forbids in a value (anything outside {@code %x20-21 / %x23-5B / %x5D-7E},
 * i.e. quotes, backslashes, control and non-ASCII characters) are removed; a description left empty
 * falls back to a fixed text per error code, and a description longer than
 * {@value #MAX_DESCRIPTION} characters is cut.
 *
 * @since 0.1
 */
public final class BearerChallenge {

  /** The longest {@code error_description} rendered. */
  public static final int MAX_DESCRIPTION = 200;

  private BearerChallenge() {}

  /**
   * Renders a challenge.
   *
   * @param realm the protection space (e.g. {@code kserve}); blank becomes {@code kserve}
   * @param error the RFC 6750 error, or {@code null} when the request carried no credentials
   * @param description a caller-safe reason, or {@code null}
   * @param scope the space-separated scope the resource needs, or {@code null}
   * @return the header value
   */
  public static String render(String realm, BearerErrorCode error, String description, String scope) {
    StringBuilder sb = new StringBuilder(96).append("Bearer realm=\"");
    String r = strip(realm, false);
    sb.append(r.isEmpty() ? "kserve" : r).append('"');
    if (error != null) {
      sb.append(", error=\"").append(error.code()).append('"');
      String d = description == null ? "" : strip(description, false).trim();
      if (d.length() > MAX_DESCRIPTION) {
        d = d.substring(0, MAX_DESCRIPTION).trim();
      }
      sb.append(", error_description=\"").append(d.isEmpty() ? fallback(error) : d).append('"');
    }
    if (scope != null) {
      String s = strip(scope, true).trim().replaceAll(" +", " ");
      if (!s.isEmpty()) {
        sb.append(", scope=\"").append(s).append('"');
      }
    }
    return sb.toString();
  }

  /**
   * The fixed description used when none (or nothing printable) is given.
   *
   * @param error the error code
   * @return a fixed, printable description
   */
  public static String fallback(BearerErrorCode error) {
    Objects.requireNonNull(error, "error");
    return switch (error) {
      case INVALID_REQUEST -> "The request is missing a parameter or is otherwise malformed";
      case INVALID_TOKEN -> "The access token is expired, malformed or invalid";
      case INSUFFICIENT_SCOPE -> "The request requires higher privileges than provided by the access token";
    };
  }

  /** Keeps %x20-21 / %x23-5B / %x5D-7E (scope tokens: %x21 / %x23-5B / %x5D-7E, plus the separating space). */
  static String strip(String in, boolean scope) {
    if (in == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(in.length());
    for (int i = 0; i < in.length(); i++) {
      char c = in.charAt(i);
      boolean ok = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
      if (ok) {
        out.append(c);
      } else if (c == '\t' || c == '\r' || c == '\n') {
        out.append(' ');
      }
    }
    return out.toString();
  }
}
