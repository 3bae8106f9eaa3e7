package dev.kserveauth.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median the interleaved (non-JMH) benchmarks report over their rounds. */
public final class Medians {
  private Medians() {}

  /** The median of {@code values} (the mean of the two middle ones for an even count). */
  public static double of(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
