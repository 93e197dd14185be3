package io.sluice.loader.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The clusters a batch's {@code clusterLoadStatus} (contract 3.6) shows committed: those with status 0. */
final class CommittedClusters {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CommittedClusters() {
  }

  /** The endpoints with status 0, in the order the status lists them; empty for null or unreadable JSON. */
  static List<String> of(String clusterLoadStatus) {
    List<String> committed = new ArrayList<>();
    if (clusterLoadStatus == null) {
      return committed;
    }
    JsonNode status;
    try {
      status = JSON.readTree(clusterLoadStatus);
    } catch (JsonProcessingException e) {
      return committed;
    }
    if (status == null || !status.isObject()) {
      return committed;
    }
    for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) status::fields) {
      JsonNode code = entry.getValue().get("status");
      if (code != null && code.isNumber() && code.asInt() == 0) {
        committed.add(entry.getKey());
      }
    }
    return committed;
  }
}
