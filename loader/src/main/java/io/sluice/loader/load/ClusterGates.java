package io.sluice.loader.load;

import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.load.LoaderStatus.ClusterStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link ClusterGate} of every cluster endpoint the loads name, one per endpoint however many loads use it. */
final class ClusterGates {

  private final Map<String, ClusterGate> gates = new LinkedHashMap<>();

  ClusterGates(List<LoadConfig> loads, int concurrency, LoaderThreads threads, Clock clock, Duration maxDelay,
      LoaderMetrics metrics) {
    for (LoadConfig load : loads) {
      for (ClusterConfig cluster : load.clusters()) {
        gates.computeIfAbsent(cluster.endpointName(),
            endpoint -> new ClusterGate(endpoint, concurrency, threads, clock, maxDelay, metrics));
      }
    }
  }

  /** The gate of {@code endpoint}, which the loads named at start. */
  ClusterGate gate(String endpoint) {
    ClusterGate gate = gates.get(endpoint);
    if (gate == null) {
      throw new IllegalArgumentException("no cluster " + endpoint + " in loader.loads");
    }
    return gate;
  }

  List<ClusterStatus> statuses() {
    return gates.values().stream().map(ClusterGate::status).toList();
  }

  /** Stops every gate: waiting loads end, running ones are interrupted. */
  void stop() {
    gates.values().forEach(ClusterGate::stop);
  }

  void awaitTermination(Duration timeout) throws InterruptedException {
    for (ClusterGate gate : gates.values()) {
      gate.awaitTermination(timeout);
    }
  }
}
