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

/** A key fetch failed; the message is safe to log (it names the URL and the cause, never a secret). */
public final class FetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message, null, false, false);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
