package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/METRICS.md} against what an agent with every part on (both inputs, an S3 output, the embedded
 * tracker and loader, the admin endpoint) registers: each side must name exactly the other's {@code sluice_*} metrics.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class})
class AgentMetricsReferenceTest {

  private static final Path REFERENCE = Path.of("../docs/METRICS.md");
  private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(sluice_[a-z_]+)` \\|", Pattern.MULTILINE);

  @TempDir
  Path dir;

  @Test
  void theReferenceListsExactlyTheMetricsAnAgentWithEveryPartExports(LocalDynamoDb dynamo, LocalS3 s3,
      LocalRedshift redshift) throws Exception {
    LoadingAgentConfig setup = new LoadingAgentConfig(dynamo, s3, redshift);
    setup.forward = true;
    setup.admin = true;
    Set<String> exported;
    try (Agent agent = new Agent(setup.agent("metrics", dir))) {
      agent.start();
      exported = exported(agent.metrics());
    }

    Set<String> documented = documented();
    assertThat(exported).as("exported but missing from docs/METRICS.md").isSubsetOf(documented);
    assertThat(documented).as("in docs/METRICS.md but not exported").isSubsetOf(exported);
  }

  /** The names as the text format writes them: counters end in {@code _total}, info metrics in {@code _info}. */
  private static Set<String> exported(PrometheusRegistry registry) {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      String name = snapshot.getMetadata().getPrometheusName();
      if (snapshot instanceof CounterSnapshot) {
        name += "_total";
      } else if (snapshot instanceof InfoSnapshot) {
        name += "_info";
      }
      if (name.startsWith("sluice_")) {
        names.add(name);
      }
    }
    return names;
  }

  private static Set<String> documented() throws Exception {
    Set<String> names = new TreeSet<>();
    Matcher matcher = DOCUMENTED.matcher(Files.readString(REFERENCE));
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
