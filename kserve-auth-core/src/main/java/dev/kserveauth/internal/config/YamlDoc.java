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
package dev.kserveauth.internal.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML document with line numbers, and helpers for format compilers that report errors as
 * {@code file:line}. Built on SnakeYAML's node graph (safe: no object construction).
 *
 * <p>The caller names the exception its format reports ({@code PolicyException::new} for policies
 * and mesh configs), so that this internal helper depends on no public API type.
 *
 * @param file the source name used in ids and messages (a file name, never a machine path)
 * @param root the document's root node
 * @param error makes the exception for a location ({@code file:line}) and a message
 */
public record YamlDoc(String file, Node root, BiFunction<String, String, ? extends RuntimeException> error) {

  /**
   * Parses every document of a multi-document YAML text. Empty documents are dropped.
   *
   * @param error makes the exception for a location ({@code file:line}) and a message
   * @throws RuntimeException made by {@code error} for a syntax error, with its line
   */
  public static List<YamlDoc> parseAll(String yaml, String file,
      BiFunction<String, String, ? extends RuntimeException> error) {
    LoaderOptions opts = new LoaderOptions();
    opts.setAllowDuplicateKeys(false);
    opts.setMaxAliasesForCollections(20);
    Yaml y = new Yaml(new SafeConstructor(opts));
    List<YamlDoc> out = new ArrayList<>();
    try {
      for (Node n : y.composeAll(new StringReader(yaml))) {
        if (n != null && !(n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
          out.add(new YamlDoc(file, n, error));
        }
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw error.apply(file + ":" + line, "invalid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw error.apply(file + ":1", "invalid YAML: " + e.getMessage());
    }
    return out;
  }

  /** {@code file:line} of a node (1-based line). */
  public String at(Node n) {
    return file + ":" + (n == null ? 1 : n.getStartMark().getLine() + 1);
  }

  /** Whether a node is absent or YAML null. */
  public static boolean isNull(Node n) {
    return n == null || (n instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
  }

  /**
   * The entries of a mapping node, keys as strings, in document order.
   *
   * @param n the node
   * @param what the field path for the error message
   * @param err prefix for messages (e.g. the policy label)
   */
  public Map<String, Node> map(Node n, String what, String err) {
    if (!(n instanceof MappingNode m)) {
      throw error.apply(at(n), err + what + ": expected a mapping");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw error.apply(at(t.getKeyNode()), err + what + ": keys must be strings");
      }
      if (out.put(k.getValue(), t.getValueNode()) != null) {
        throw error.apply(at(k), err + what + ": duplicate key '" + k.getValue() + "'");
      }
    }
    return out;
  }

  /** The items of a sequence node. */
  public List<Node> list(Node n, String what, String err) {
    if (!(n instanceof SequenceNode s)) {
      throw error.apply(at(n), err + what + ": expected a list");
    }
    return s.getValue();
  }

  /** A scalar as a string (numbers and booleans as written). */
  public String scalar(Node n, String what, String err) {
    if (!(n instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
      throw error.apply(at(n), err + what + ": expected a string");
    }
    return s.getValue();
  }
}
