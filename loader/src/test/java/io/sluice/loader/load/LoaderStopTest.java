package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.loader.tracker.BatchItem;
import io.sluice.loader.tracker.BatchStatus;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping the loader while a load waits for its cluster: nothing committed, so the batch goes back to open. */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class LoaderStopTest {

  private LoaderFixture fixture;

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws Exception {
    fixture = new LoaderFixture(dynamo, s3, redshift);
  }

  @Test
  void stoppingWhileTheClusterIsOutHandsTheBatchBackAndEndsEveryLoaderThread() throws Exception {
    fixture.batchTimeout = "1s";
    fixture.loaderYaml = "  outage_backoff_max: 1s";
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(new InetSocketAddress("127.0.0.1",
        fixture.redshiftPort))) {
      fixture.redshiftPort = relay.port();
      relay.down();
      EmbeddedLoader loader = EmbeddedLoader.start(fixture.config(), new PrometheusRegistry());
      String key = fixture.putFile("waiting.json", 3);
      loader.registrar().register(fixture.bucket, key, fixture.size(key));
      await().atMost(Duration.ofSeconds(30)).until(() -> loader.status().clusters().stream()
          .anyMatch(cluster -> !cluster.available() && cluster.waitingLoads() == 1));

      loader.close(Duration.ofMillis(200));

      List<BatchItem> all = batches().listByPrefix(fixture.prefix);
      assertThat(all).singleElement().satisfies(batch -> assertThat(batch.status()).isEqualTo(BatchStatus.OPEN));
      await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
          .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("sluice-loader-")));
    }
    assertThat(fixture.rows()).isZero();
  }

  private BatchTable batches() throws Exception {
    return new BatchTable(fixture.dynamo.client(), fixture.config().tracker().tables(), Clock.systemUTC());
  }
}
