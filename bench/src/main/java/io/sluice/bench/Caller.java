package io.sluice.bench;

/** Who in the agent made an AWS call, told by the name of the thread that made it. */
enum Caller {
  /** The outputs' threads ({@code sluice-output-<name>}): uploads, and the registrar that runs after each one. */
  OUTPUT("output"),
  /** The loader's pool ({@code sluice-loader-<n>}): locking, loading and closing batches. */
  LOADER("loader (loads)"),
  /** The loader's scheduler ({@code sluice-loader-scan-<n>}): looking for due batches. */
  LOADER_SCAN("loader (scans)"),
  /** Anything else: the agent's start-up, the benchmark's own reads, the stand-ins. */
  OTHER("other threads");

  private final String label;

  Caller(String label) {
    this.label = label;
  }

  static Caller of(String threadName) {
    if (threadName.startsWith("sluice-output-")) {
      return OUTPUT;
    }
    if (threadName.startsWith("sluice-loader-scan-")) {
      return LOADER_SCAN;
    }
    if (threadName.startsWith("sluice-loader-")) {
      return LOADER;
    }
    return OTHER;
  }

  String label() {
    return label;
  }
}
