package io.sluice.bench.e2e;

/** Reads one counter out of a Prometheus text exposition, summed over its label sets. */
final class PrometheusText {

  private PrometheusText() {}

  static double sum(String exposition, String name) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')) {
        String[] parts = line.trim().split("\\s+");
        // A sample line is: name{labels} value [timestamp]; labels never hold spaces here.
        total += Double.parseDouble(parts[line.charAt(name.length()) == '{' ? indexAfterLabels(parts) : 1]);
      }
    }
    return total;
  }

  private static int indexAfterLabels(String[] parts) {
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].endsWith("}")) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("a sample line without the end of its labels");
  }
}
