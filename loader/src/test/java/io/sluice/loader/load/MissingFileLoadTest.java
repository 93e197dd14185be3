package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A file S3 does not show is retried a few times as the Lambda does, then fails the batch: it is not a cluster
 * outage, so it neither waits out {@code loader.outage_retry} nor marks the cluster unavailable.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class MissingFileLoadTest {

  private LoaderFixture fixture;

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws Exception {
    fixture = new LoaderFixture(dynamo, s3, redshift);
  }

  @Test
  void fileMissingFromS3FailsTheBatchAfterTheLambdasRetriesWithoutAnOutage() throws Exception {
    fixture.batchTimeout = "1s";
    fixture.outageRetry = "2h";
    try (EmbeddedLoader loader = EmbeddedLoader.start(fixture.config(), new PrometheusRegistry())) {
      loader.registrar().register(fixture.bucket, "logs/app/never-uploaded.json", 40);

      await().atMost(Duration.ofSeconds(30)).until(() -> !batches().queryByStatus(BatchStatus.ERROR, null, null)
          .isEmpty());

      BatchItem failed = batches().queryByStatus(BatchStatus.ERROR, null, null).get(0);
      assertThat(failed.errorMessage()).contains("The specified key does not exist");
      assertThat(loader.status().clusters()).singleElement()
          .satisfies(cluster -> assertThat(cluster.available()).isTrue());
    }
    assertThat(fixture.rows()).isZero();
  }

  private BatchTable batches() throws Exception {
    return new BatchTable(fixture.dynamo.client(), fixture.config().tracker().tables(), Clock.systemUTC());
  }
}
