package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.sluice.loader.load.LoaderStatus.ClusterStatus;
import io.sluice.loader.load.LoaderStatus.PrefixStatus;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.SwitchableTcpRelay;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the loader reports, as {@link EmbeddedLoader#status()} and as metrics, while a batch waits for its cluster. */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class LoaderStatusTest {

  private LoaderFixture fixture;

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws Exception {
    fixture = new LoaderFixture(dynamo, s3, redshift);
  }

  @Test
  void batchWaitingForAnUnreachableClusterShowsAsLockedAndDueAndTheClusterAsOut() throws Exception {
    fixture.batchTimeout = "1s";
    fixture.loaderYaml = "  outage_backoff_max: 1s";
    PrometheusRegistry registry = new PrometheusRegistry();
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(new InetSocketAddress("127.0.0.1",
        fixture.redshiftPort))) {
      fixture.redshiftPort = relay.port();
      relay.down();
      try (EmbeddedLoader loader = EmbeddedLoader.start(fixture.config(), registry)) {
        String key = fixture.putFile("waiting.json", 2);
        loader.registrar().register(fixture.bucket, key, fixture.size(key));

        await().atMost(Duration.ofSeconds(30)).until(() -> prefix(loader).lockedBatches() == 1
            && prefix(loader).oldestDue() != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(registry, "sluice_loader_locked_batches",
            "prefix", fixture.prefix) == 1.0);
        assertThat(gauge(registry, "sluice_loader_oldest_due_batch_age_seconds", "prefix", fixture.prefix))
            .isPositive();
        ClusterStatus cluster = loader.status().clusters().get(0);
        assertThat(cluster.available()).isFalse();
        assertThat(cluster.reason()).contains("08001");
        assertThat(cluster.waitingLoads()).isEqualTo(1);
        assertThat(gauge(registry, "sluice_loader_cluster_available", "cluster", cluster.endpoint())).isZero();
        assertThat(gauge(registry, "sluice_loader_cluster_outage_since_seconds", "cluster", cluster.endpoint()))
            .isEqualTo((double) cluster.outageSince().getEpochSecond());
        assertThat(gauge(registry, "sluice_loader_cluster_waiting_loads", "cluster", cluster.endpoint()))
            .isEqualTo(1.0);

        relay.up();

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> prefix(loader).lockedBatches() == 0
            && prefix(loader).oldestDue() == null && loader.status().clusters().get(0).available());
        assertThat(gauge(registry, "sluice_loader_cluster_outage_since_seconds", "cluster", cluster.endpoint()))
            .isZero();
      }
    }
  }

  private PrefixStatus prefix(EmbeddedLoader loader) {
    return loader.status().prefixes().stream().filter(status -> status.s3Prefix().equals(fixture.prefix))
        .findFirst().orElseThrow();
  }

  private static double gauge(PrometheusRegistry registry, String name, String label, String value) {
    return registry.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getPrometheusName().equals(name))
        .flatMap(snapshot -> snapshot.getDataPoints().stream())
        .filter(point -> value.equals(point.getLabels().get(label)))
        .mapToDouble(point -> ((GaugeDataPointSnapshot) point).getValue())
        .findFirst().orElse(-1);
  }
}
