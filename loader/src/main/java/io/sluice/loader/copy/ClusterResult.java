package io.sluice.loader.copy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One cluster's outcome, as the Lambda records it in clusterLoadStatus (contract 3.6).
 *
 * @param endpoint the cluster's endpoint name (its key in {@code clusterLoadStatus})
 * @param ok whether the load committed
 * @param error why it failed; null when it committed, and may be null for a failure without an SQL error (the
 *     Lambda records a KMS failure so)
 * @param alreadyLoaded the load was skipped because a receipt shows the batch committed on this cluster before
 */
public record ClusterResult(String endpoint, boolean ok, LoadError error, boolean alreadyLoaded) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ClusterResult {
    Objects.requireNonNull(endpoint, "endpoint");
    if (ok && error != null) {
      throw new IllegalArgumentException("a committed load has no error");
    }
    if (alreadyLoaded && !ok) {
      throw new IllegalArgumentException("a batch loaded before counts as committed");
    }
  }

  /** A result of a load that ran (or failed). */
  public ClusterResult(String endpoint, boolean ok, LoadError error) {
    this(endpoint, ok, error, false);
  }

  /** The batch committed on this cluster in an earlier load, as its receipt shows; nothing ran. */
  public static ClusterResult alreadyLoaded(String endpoint) {
    return new ClusterResult(endpoint, true, null, true);
  }

  /** The load committed. */
  public static ClusterResult success(String endpoint) {
    return new ClusterResult(endpoint, true, null);
  }

  /** The load failed. */
  public static ClusterResult failure(String endpoint, LoadError error) {
    return new ClusterResult(endpoint, false, error);
  }

  /**
   * {"<endpoint>":{"status":0|-1,"error":<object or null>},...} in the results' order. Two clusters of one endpoint
   * (two tables, say) share a key: a failure is kept over a success, so the status never hides one.
   */
  public static String loadStatusJson(List<ClusterResult> results) {
    ObjectNode status = JSON.createObjectNode();
    for (ClusterResult result : results) {
      if (status.has(result.endpoint()) && status.get(result.endpoint()).get("status").asInt() != 0) {
        continue;
      }
      ObjectNode entry = status.putObject(result.endpoint());
      entry.put("status", result.ok() ? 0 : -1);
      if (result.error() == null) {
        entry.putNull("error");
      } else {
        entry.set("error", result.error().node());
      }
    }
    try {
      return JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
