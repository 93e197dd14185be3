package io.sluice.loader.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BatchNotificationTest {

  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String STATUS = "{\"a.example.com\":{\"status\":-1,\"error\":{\"code\":\"42703\"}}}";

  @Test
  void failureMessageDoubleEncodesTheErrorAndNamesBothManifests() {
    BatchNotification failed = new BatchNotification(false, STATUS, BATCH, "bkt/logs", "logs/a.json",
        "mf/manifests/manifest-2026-11-25 15:04:05-42", "mf/manifests/failed/manifest-2026-11-25 15:04:05-42");

    assertThat(failed.message()).isEqualTo("{"
        + "\"error\":\"{\\\"a.example.com\\\":{\\\"status\\\":-1,\\\"error\\\":{\\\"code\\\":\\\"42703\\\"}}}\","
        + "\"status\":\"error\",\"batchId\":\"" + BATCH + "\",\"s3Prefix\":\"bkt/logs\",\"key\":\"logs/a.json\","
        + "\"originalManifest\":\"mf/manifests/manifest-2026-11-25 15:04:05-42\","
        + "\"failedManifest\":\"mf/manifests/failed/manifest-2026-11-25 15:04:05-42\"}");
  }

  @Test
  void errorParsesBackAsFailedBatchReprocessingLambdaReadsIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    BatchNotification failed = new BatchNotification(false, STATUS, BATCH, "bkt/logs", "logs/a.json", "mf/m", null);

    JsonNode message = json.readTree(failed.message());
    JsonNode error = json.readTree(message.get("error").asText());

    assertThat(error.fields().next().getValue().path("error").path("code").asText()).isEqualTo("42703");
    assertThat(message.get("s3Prefix").asText()).isEqualTo("bkt/logs");
    assertThat(message.get("batchId").asText()).isEqualTo(BATCH);
  }

  @Test
  void successMessageHasANullErrorAndNoFailedManifest() {
    BatchNotification loaded = new BatchNotification(true, null, BATCH, "bkt/logs", "logs/a.json", "mf/m", null);

    assertThat(loaded.message()).isEqualTo("{\"error\":null,\"status\":\"ok\",\"batchId\":\"" + BATCH + "\","
        + "\"s3Prefix\":\"bkt/logs\",\"key\":\"logs/a.json\",\"originalManifest\":\"mf/m\"}");
  }

  @Test
  void subjectsAreTheLambdas() {
    assertThat(new BatchNotification(true, null, BATCH, "p", "k", "m", null).subject())
        .isEqualTo("Lambda Redshift Batch Load " + BATCH + " OK");
    assertThat(new BatchNotification(false, "{}", BATCH, "p", "k", "m", null).subject())
        .isEqualTo("Lambda Redshift Batch Load " + BATCH + " Failure");
  }
}
