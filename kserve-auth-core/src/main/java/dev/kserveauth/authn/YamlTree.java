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
package dev.kserveauth.authn;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line and column of every value, so configuration
 * errors can name {@code file:line}. Duplicate keys are rejected. Multi-document streams give one
 * tree per document.
 */
final class YamlTree {

  /** A value with its position and field path. */
  public sealed interface Node permits MapNode, ListNode, ScalarNode {
    int line();

    int column();

    String path();
  }

  /** A mapping; keys in document order. */
  public record MapNode(Map<String, Node> entries, Map<String, int[]> keyPositions, int line, int column, String path)
      implements Node {}

  /** A sequence. */
  public record ListNode(List<Node> items, int line, int column, String path) implements Node {}

  /** A scalar; {@code text} is null for YAML null, {@code token} tells string from number/bool. */
  public record ScalarNode(String text, JsonToken token, int line, int column, String path) implements Node {}

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private YamlTree() {}

  /** Parses every document of the text. Empty documents (e.g. after a trailing {@code ---}) are skipped. */
  public static List<Node> parseAll(String text, String file) {
    List<Node> docs = new ArrayList<>();
    try (JsonParser p = YAML.createParser(text)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Node n = read(p, t, "", file);
        // an empty document (a file ending in "---") reads as null or, in Jackson's YAML parser, as ""
        if (!(n instanceof ScalarNode s && (s.text() == null || s.text().isEmpty()))) {
          docs.add(n);
        }
      }
    } catch (JwtConfigException e) {
      throw e;
    } catch (IOException e) {
      JsonLocation loc = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getLocation() : null;
      String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new JwtConfigException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), "",
          "not valid YAML: " + firstLine(msg));
    }
    return docs;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static Node read(JsonParser p, JsonToken t, String path, String file) throws IOException {
    JsonLocation loc = p.currentTokenLocation();
    int line = loc.getLineNr();
    int col = loc.getColumnNr();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> m = new LinkedHashMap<>();
        Map<String, int[]> keys = new LinkedHashMap<>();
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          keys.put(key, new int[] {kl.getLineNr(), kl.getColumnNr()});
          String childPath = path.isEmpty() ? key : path + "." + key;
          JsonToken v = p.nextToken();
          m.put(key, read(p, v, childPath, file));
        }
        return new MapNode(m, keys, line, col, path);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        int i = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(p, t, path + "[" + i++ + "]", file));
        }
        return new ListNode(items, line, col, path);
      }
      case VALUE_NULL -> {
        return new ScalarNode(null, t, line, col, path);
      }
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
        return new ScalarNode(p.getText(), t, line, col, path);
      }
      default -> throw new JwtConfigException(file, line, col, path, "unexpected YAML token " + t);
    }
  }
}
