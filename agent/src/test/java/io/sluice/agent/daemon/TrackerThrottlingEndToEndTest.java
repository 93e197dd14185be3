package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.Fault;
import io.sluice.testkit.net.FaultInjectingHttpProxy;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent with the embedded tracker and loader whose DynamoDB calls are throttled, and now and then lose
 * their answer, on the way to DynamoDB Local: registrations back off and every file is loaded exactly once.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class TrackerThrottlingEndToEndTest {

  private static final String UPDATE_ITEM = "DynamoDB_20120810.UpdateItem";

  @TempDir
  Path dir;

  @Test
  void throttledTrackerCallsBackOffAndEveryFileIsLoadedExactlyOnce(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.rollSize = "64KiB";
    setup.batchSize = 3;
    try (FaultInjectingHttpProxy proxy = FaultInjectingHttpProxy.start(dynamo.endpoint())) {
      setup.dynamoEndpoint = proxy.endpoint();
      proxy.inject(Fault.on("POST", "/").dynamoError(400, "ProvisionedThroughputExceededException")
          .probability(0.2, 3));
      proxy.inject(Fault.on("POST", "/").dynamoError(400, "com.amazon.coral.availability#ThrottlingException")
          .probability(0.05, 5));
      proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).resetMidBody()
          .probability(0.05, 8));
      try (Agent agent = new Agent(setup.agent("throttled", dir))) {
        agent.start();
        AgentLoadEndToEndTest.send(agent, List.of(0, 1), 2_500);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
            .until(() -> AgentLoadEndToEndTest.rows(redshift, setup.table) >= 5_000);
        assertThat(proxy.faultsInjected()).isPositive();
        assertThat(registrations(agent)).isPositive();
      }
    }

    assertThat(AgentLoadEndToEndTest.rows(redshift, setup.table)).isEqualTo(5_000);
    assertThat(AgentLoadEndToEndTest.distinctRows(redshift, setup.table)).isEqualTo(5_000);
    AgentLoadEndToEndTest.assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }

  /** Files the upload hook registered, whatever the outcome. */
  private static double registrations(Agent agent) {
    return agent.metrics().scrape().stream()
        .filter(metric -> metric.getMetadata().getName().equals("sluice_tracker_registrations"))
        .map(CounterSnapshot.class::cast)
        .flatMap(counter -> counter.getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }
}
