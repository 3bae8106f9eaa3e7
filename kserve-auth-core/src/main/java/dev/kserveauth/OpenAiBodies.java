package dev.kserveauth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Checks the body of an OpenAI-compatible request before the model it names is decided on, so the
 * decision and the model server cannot read different models from it: the body must be one JSON
 * object whose top level names {@code "model"} exactly once, as a non-empty string. A duplicate
 * {@code "model"} is the classic parser differential (Jackson's first vs Python's last value) and is
 * rejected, as is anything malformed.
 */
final class OpenAiBodies {
  private static final JsonFactory JSON = new JsonFactory();

  private OpenAiBodies() {}

  /** Returns null when the body is acceptable, else a caller-safe reason for a 400. */
  static String problem(byte[] body) {
    if (body == null || body.length == 0) {
      return "request body must be a JSON object naming the model";
    }
    try (JsonParser jp = JSON.createParser(body)) {
      if (jp.nextToken() != JsonToken.START_OBJECT) {
        return "request body must be a JSON object naming the model";
      }
      int models = 0;
      JsonToken t;
      while ((t = jp.nextToken()) == JsonToken.FIELD_NAME) {
        String name = jp.currentName();
        JsonToken v = jp.nextToken();
        if ("model".equals(name)) {
          models++;
          if (v != JsonToken.VALUE_STRING || jp.getText().isEmpty()) {
            return "\"model\" in the request body must be a non-empty string";
          }
        } else {
          jp.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || jp.nextToken() != null) {
        return "request body is not one well-formed JSON object";
      }
      if (models == 0) {
        return "request body names no model";
      }
      if (models > 1) {
        return "request body names \"model\" more than once";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "request body is not well-formed JSON";
    }
  }
}
