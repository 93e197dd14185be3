package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.Secret;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.tracker.TrackerConfig;
import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import io.sluice.loader.aws.AwsClients;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.net.SwitchableTcpRelay;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A DynamoDB that is down while the agent starts is logged at a bounded rate, and its return once. */
@ExtendWith(LocalDynamoDbExtension.class)
class TrackerPreparationLoggingTest {

  private static final int FAILED_TRIES = 4;

  @Test
  void triesAgainstAStoppedDynamoDbGiveOneLineAndOneRecoveryLine(LocalDynamoDb ddb) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(TrackerPreparation.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(
            new InetSocketAddress(ddb.endpoint().getHost(), ddb.endpoint().getPort()));
        DynamoDbClient dynamo = new AwsClients(new TrackerConfig(TrackerMode.EMBEDDED, null,
            URI.create("http://127.0.0.1:" + relay.port()), null, null, new AwsCredentialsConfig(
                ddb.credentials().accessKeyId(), Secret.of(ddb.credentials().secretAccessKey()), null), null),
            LoaderConfig.NONE).dynamoDb()) {
      TrackerConfig.TableNames tables = new TrackerConfig.TableNames(null, null, null);
      TrackerPreparation preparation = new TrackerPreparation(new TrackerTables(dynamo, tables,
          BillingMode.ON_DEMAND), new ConfigTable(dynamo, tables, Clock.systemUTC()), List.of());
      relay.down();

      for (int i = 0; i < FAILED_TRIES; i++) {
        assertThat(preparation.tryPrepare()).isFalse();
      }
      relay.up();
      assertThat(preparation.tryPrepare()).isTrue();
    } finally {
      logger.detachAppender(lines);
    }

    List<ILoggingEvent> warnings = lines.list.stream().filter(event -> event.getLevel() == Level.WARN).toList();
    assertThat(warnings).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
        .startsWith("Cannot prepare the tracker's tables and config items yet")
        .contains("dynamodb (tracker) region=us-east-1 endpoint=http://127.0.0.1:");
    assertThat(lines.list).last().extracting(ILoggingEvent::getFormattedMessage).asString()
        .startsWith("Tracker's tables and config items prepared failures=" + FAILED_TRIES);
  }
}
