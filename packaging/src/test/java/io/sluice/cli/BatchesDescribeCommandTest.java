package io.sluice.cli;

import static io.sluice.testkit.dynamodb.LambdaTrackerItems.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class BatchesDescribeCommandTest {

  private static final String PREFIX = "bkt/logs/app.access";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  /** The Lambda's failed-manifest copy: no s3://, and a space in the key. */
  private static final String FAILED_MANIFEST =
      "manifests-bkt/redshift/manifest/failed/manifest-2026-11-25 14:48:19-4711";
  /** clusterLoadStatus as the Lambda writes it: JSON text of the node-postgres error, keyed by clusterEndpoint. */
  private static final String LOAD_STATUS = "{\"analytics.example.redshift.amazonaws.com\":{\"status\":-1,"
      + "\"error\":{\"severity\":\"ERROR\",\"code\":\"XX000\",\"detail\":\"Invalid JSONPath format\"}}}";

  @TempDir
  Path dir;

  private LambdaTracker lambda;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3) throws Exception {
    lambda = LambdaTracker.create(ddb.client());
    config = AdminConfigFile.write(dir, ddb, s3);
    lambda.batch(PREFIX, BATCH, "error", "1795618100.25",
        sized(PREFIX + "/part-0001.json", 10L, PREFIX + "/part-0002.json", 20L),
        Map.of("manifestFile", AttributeValue.fromS(FAILED_MANIFEST),
            "clusterLoadStatus", AttributeValue.fromS(LOAD_STATUS),
            "errorMessage", AttributeValue.fromS(LOAD_STATUS),
            "registeredBy", AttributeValue.fromS("sluice aggregator-1")));
  }

  @Test
  void showsEveryAttributeOfABatchTheLambdaFailed() {
    CliRun run = config.run("batches", "describe", "--prefix", PREFIX, BATCH);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        s3Prefix           bkt/logs/app.access
        batchId            6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c
        status             error
        lastUpdate         2026-11-25T14:48:20.250Z (1795618100.25)
        writeDates         2 adds, the first at 2026-11-25T14:46:40Z
        size               30 bytes
        manifestFile       %1$s
        clusterLoadStatus  %2$s
        errorMessage       %2$s
        registeredBy       sluice aggregator-1

        files: 2
          file                                size
          bkt/logs/app.access/part-0001.json    10
          bkt/logs/app.access/part-0002.json    20
        """.formatted(FAILED_MANIFEST, LOAD_STATUS));
  }

  @Test
  void jsonIsTheItemAsPlainJson() throws Exception {
    CliRun run = config.run("batches", "describe", "--prefix", PREFIX, BATCH, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode item = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(run.out());
    assertThat(item.fieldNames()).toIterable().containsExactly("batchId", "clusterLoadStatus", "entryMap",
        "errorMessage", "lastUpdate", "manifestFile", "registeredBy", "s3Prefix", "size", "status", "writeDates");
    assertThat(item.at("/status").asText()).isEqualTo("error");
    assertThat(item.at("/lastUpdate").decimalValue()).isEqualByComparingTo("1795618100.25");
    assertThat(item.at("/size").isNumber()).isTrue();
    assertThat(item.at("/size").asLong()).isEqualTo(30);
    assertThat(item.at("/entryMap/1/file").asText()).isEqualTo(PREFIX + "/part-0002.json");
    assertThat(item.at("/entryMap/1/size").asLong()).isEqualTo(20);
    assertThat(item.at("/writeDates")).extracting(JsonNode::decimalValue)
        .containsExactlyInAnyOrder(new BigDecimal("1795618000.001"), new BigDecimal("1795618000.002"));
    assertThat(item.at("/clusterLoadStatus").asText()).isEqualTo(LOAD_STATUS);
  }

  @Test
  void aFileAddedTwiceIsCountedOnceAndShownTwice() {
    // Two deliveries of one S3 event both added the file (contract H2).
    lambda.batch(PREFIX, "twice", "locked", "1795618100", sized(PREFIX + "/a.json", 10L), Map.of("entryMap",
        AttributeValue.fromL(List.of(entry(PREFIX + "/a.json", 10), entry(PREFIX + "/a.json", 10)))));

    CliRun run = config.run("batches", "describe", "--prefix", PREFIX, "twice");

    assertThat(run.out()).contains("""
        files: 2 entries, 1 distinct (a file added twice is loaded once)
          file                        size
          bkt/logs/app.access/a.json    10
          bkt/logs/app.access/a.json    10
        """);
  }

  @Test
  void anUnknownBatchIsOneLineAndExitsOne() {
    CliRun run = config.run("batches", "describe", "--prefix", PREFIX, "no-such-batch");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly(
        "sluice: No batch no-such-batch of bkt/logs/app.access in LambdaRedshiftBatches");
  }

  private static AttributeValue entry(String file, long size) {
    return AttributeValue.fromM(Map.of("file", AttributeValue.fromS(file),
        "size", AttributeValue.fromN(Long.toString(size))));
  }
}
