package io.sluice.cli;

import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.config.tracker.TrackerConfig;
import io.sluice.loader.admin.BatchReprocessor;
import io.sluice.loader.admin.Reconciler;
import io.sluice.loader.aws.AwsClients;
import io.sluice.loader.tracker.BatchGrowth;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.FileTable;
import io.sluice.loader.tracker.Sleeper;
import io.sluice.loader.tracker.WildcardSuppression;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tracker's tables, and the S3 client of {@code loader.s3}, as one admin command uses them; closes its clients.
 * The S3 client is built on first use, so commands that only read the tables need no S3 settings.
 */
final class TrackerSession implements AutoCloseable {

  private final AdminSettings settings;
  private final AwsClients clients;
  private final DynamoDbClient dynamo;
  private final Clock clock;
  private S3Client s3;

  private TrackerSession(AdminSettings settings, AwsClients clients, Clock clock) {
    this.settings = settings;
    this.clients = clients;
    this.dynamo = clients.dynamoDb();
    this.clock = clock;
  }

  /** A session on the tracker {@code settings} describe. */
  static TrackerSession open(AdminSettings settings) {
    return new TrackerSession(settings, new AwsClients(settings.tracker(), settings.loader()), Clock.systemUTC());
  }

  AdminSettings settings() {
    return settings;
  }

  TrackerConfig tracker() {
    return settings.tracker();
  }

  TableNames tables() {
    return settings.tracker().tables();
  }

  DynamoDbClient dynamo() {
    return dynamo;
  }

  Clock clock() {
    return clock;
  }

  BatchTable batches() {
    return new BatchTable(dynamo, tables(), clock);
  }

  FileTable files() {
    return new FileTable(dynamo, tables());
  }

  ConfigTable configs() {
    return new ConfigTable(dynamo, tables(), clock);
  }

  /** Registers files the way the Lambda does, with its attempts and back-off. */
  FileRegistrar registrar() {
    return new FileRegistrar(dynamo, tables(), clock, Sleeper.blocking(), FileRegistrar.LAMBDA_ADD_ATTEMPTS,
        BatchGrowth.NONE, WildcardSuppression.of(tracker().suppressWildcardExpansion()));
  }

  BatchReprocessor reprocessor() {
    return new BatchReprocessor(batches(), files(), registrar(), s3(), settings.loader().receipts());
  }

  /** @param grace how old an unlinked processed file must be before it counts as lost rather than in flight */
  Reconciler reconciler(Duration grace) {
    return new Reconciler(batches(), configs(), files(), registrar(), s3(), clock, grace);
  }

  /** The AWS clients of the tracker and loader sections, {@code --region} and {@code --endpoint} applied. */
  AwsClients clients() {
    return clients;
  }

  /** The S3 client of {@code loader.s3}. */
  S3Client s3() {
    if (s3 == null) {
      s3 = clients.s3();
    }
    return s3;
  }

  @Override
  public void close() {
    dynamo.close();
    if (s3 != null) {
      s3.close();
    }
  }
}
