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
package dev.kserveauth.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A toy, deterministic iris classifier: nearest class centroid over the four iris features
 * (sepal length, sepal width, petal length, petal width, in cm), each feature scaled by its
 * within-class spread. It stands in for a real model so that the samples have something to
 * protect; the centroids are the per-class means of the classic iris data set, so
 * {@code [6.8, 2.8, 4.8, 1.4]} is class 1 (versicolor), as the KServe {@code sklearn-iris} example
 * answers.
 */
public final class IrisModel {

  /** Class names in class-id order. */
  public static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

  private static final double[][] CENTROIDS = {
    {5.006, 3.428, 1.462, 0.246},
    {5.936, 2.770, 4.260, 1.326},
    {6.588, 2.974, 5.552, 2.026},
  };

  /** Typical within-class standard deviation of each feature: distances are measured in these units. */
  private static final double[] SCALE = {0.52, 0.34, 0.43, 0.21};

  /** Number of input features per instance. */
  public static final int FEATURES = 4;

  /**
   * Classifies one instance.
   *
   * @param features exactly four numbers
   * @return the class id (0 setosa, 1 versicolor, 2 virginica)
   * @throws IllegalArgumentException when the instance does not have four features
   */
  public int predict(double[] features) {
    double[] d = distances(features);
    int best = 0;
    for (int c = 1; c < d.length; c++) {
      if (d[c] < d[best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Explains one prediction: the predicted class and the distance of the instance to every class
   * centroid (smaller is closer).
   *
   * @param features exactly four numbers
   * @return a JSON-friendly map
   */
  public Map<String, Object> explain(double[] features) {
    double[] d = distances(features);
    int predicted = predict(features);
    Map<String, Object> distances = new LinkedHashMap<>();
    for (int c = 0; c < d.length; c++) {
      distances.put(CLASSES.get(c), Math.round(d[c] * 1000.0) / 1000.0);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("prediction", predicted);
    out.put("class", CLASSES.get(predicted));
    out.put("centroid_distances", distances);
    return out;
  }

  /** Classifies every instance of a batch. */
  public List<Integer> predictAll(List<double[]> instances) {
    List<Integer> out = new ArrayList<>(instances.size());
    for (double[] x : instances) {
      out.add(predict(x));
    }
    return out;
  }

  private static double[] distances(double[] x) {
    if (x == null || x.length != FEATURES) {
      throw new IllegalArgumentException(
          "expected " + FEATURES + " features per instance, got " + (x == null ? 0 : x.length));
    }
    double[] d = new double[CENTROIDS.length];
    for (int c = 0; c < CENTROIDS.length; c++) {
      double s = 0;
      for (int i = 0; i < FEATURES; i++) {
        double diff = (x[i] - CENTROIDS[c][i]) / SCALE[i];
        s += diff * diff;
      }
      d[c] = Math.sqrt(s);
    }
    return d;
  }
}
