package io.sluice.loader.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The Lambda's SNS message for one closed batch (contract 3.9).
 *
 * @param ok whether every cluster loaded the batch
 * @param errorJson the error as JSON text (usually the {@code clusterLoadStatus} JSON); null when ok
 * @param batchId the batch id
 * @param s3Prefix the config prefix the batch belongs to
 * @param key the key (without bucket) of a file of the batch; the Lambda sends the file whose event triggered the
 *     flush
 * @param originalManifest {@code bucket/key} of the manifest
 * @param failedManifest {@code bucket/key} of the manifest's failed copy, or null when there is none
 */
public record BatchNotification(boolean ok, String errorJson, String batchId, String s3Prefix, String key,
    String originalManifest, String failedManifest) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public BatchNotification {
    Objects.requireNonNull(batchId, "batchId");
  }

  /**
   * {"error": <errorJson as a JSON string, or null>, "status": "error"|"ok", "batchId":..,"s3Prefix":..,"key":..,
   * "originalManifest":..,"failedManifest":.. (omitted when null)}. The error is double-encoded, as
   * {@code failedBatchReprocessingLambda} expects: it parses {@code message.error} again.
   */
  public String message() {
    ObjectNode message = JSON.createObjectNode();
    message.put("error", errorJson);
    message.put("status", ok ? "ok" : "error");
    message.put("batchId", batchId);
    message.put("s3Prefix", s3Prefix);
    message.put("key", key);
    message.put("originalManifest", originalManifest);
    if (failedManifest != null) {
      message.put("failedManifest", failedManifest);
    }
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /** "Lambda Redshift Batch Load <batchId> OK" or "... Failure". */
  public String subject() {
    return "Lambda Redshift Batch Load " + batchId + (ok ? " OK" : " Failure");
  }
}
