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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Request;
import okhttp3.Response;

/** Maps a non-2xx answer to the typed exception, reading KServe's and FastAPI's error bodies. */
final class Errors {
  private Errors() {}

  static KServeHttpException of(Request request, Response response, String model, String body, ObjectMapper mapper) {
    int code = response.code();
    String error = null;
    String detail = null;
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode json = mapper.readTree(trimmed);
        JsonNode e = json.get("error");
        if (e != null && !e.isNull()) {
          error = e.isTextual() ? e.asText() : e.toString();
        }
        JsonNode d = json.get("detail");
        if (d != null && !d.isNull()) {
          detail = d.isTextual() ? d.asText() : d.toString();
        }
      } catch (Exception ignored) {
        // not JSON after all: keep the raw text
      }
    }
    String method = request.method();
    String path = request.url().encodedPath();
    String text = error != null ? error : detail != null ? detail : trimmed.isEmpty() ? "(empty body)" : oneLine(trimmed);
    String where = method + " " + path + " returned " + code;
    boolean afterRefresh = response.priorResponse() != null && response.priorResponse().code() == 401;
    return switch (code) {
      case 401 -> new UnauthorizedException(where + (afterRefresh
          ? " again after the token was refreshed once and the call retried; giving up: "
          : " (token rejected; the token provider had no newer token): ") + text,
          method, path, error, detail, body, afterRefresh);
      case 403 -> new ForbiddenException(where + " (the token was accepted but this call is not allowed): " + text,
          code, method, path, error, detail, body);
      case 404 -> model != null
          ? new ModelNotFoundException(where + ": model '" + model + "' not found: " + text, method, path, error, detail,
              body, model)
          : new ClientErrorException(where + ": " + text, code, method, path, error, detail, body);
      default -> code >= 500
          ? new ServerErrorException(where + ": " + text, code, method, path, error, detail, body)
          : new ClientErrorException(where + ": " + text, code, method, path, error, detail, body);
    };
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
