package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
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
 * A reload that changes the loader's settings starts the embedded loader again with them, while files uploaded
 * before, during and after are still registered and loaded exactly once.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class AgentLoaderReloadTest {

  @TempDir
  Path dir;

  @Test
  void aReloadedLoaderLoadsEveryFileExactlyOnce(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift)
      throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.rollSize = "64KiB";
    try (Agent agent = new Agent(setup.agent("reloaded", dir))) {
      agent.start();
      AgentLoadEndToEndTest.send(agent, List.of(0), 1_000);
      setup.batchSize = 2;

      ReloadOutcome outcome = agent.reload(setup.agent("reloaded", dir));
      AgentLoadEndToEndTest.send(agent, List.of(1), 1_000);

      assertThat(outcome.applied()).isTrue();
      assertThat(outcome.changed()).containsExactly("loader.loads");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> AgentLoadEndToEndTest.rows(redshift, setup.table) >= 2_000);
    }

    assertThat(AgentLoadEndToEndTest.rows(redshift, setup.table)).isEqualTo(2_000);
    assertThat(AgentLoadEndToEndTest.distinctRows(redshift, setup.table)).isEqualTo(2_000);
    AgentLoadEndToEndTest.assertEveryFileLoadedExactlyOnce(dynamo, s3, setup);
  }
}
