package io.sluice.bench;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.s3.LocalS3;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The pipeline under test, on the testkit's stand-ins: a bucket for the agent's files and one for manifests, the
 * target table, and the configuration of an agent that posts into S3, registers each file in the tracker
 * ({@code tracker.mode: embedded}) and loads the batches with its embedded loader.
 */
final class LoadPipeline {

  /** The tag records are posted under; with the default key template it is the config's last directory. */
  static final String TAG = "bench.access";

  private static final String BUCKET = "sluice-bench-logs";
  private static final String MANIFEST_BUCKET = "sluice-bench-manifests";
  private static final String TABLE = "public.bench_events";

  private final LocalDynamoDb dynamo;
  private final LocalS3 s3;
  private final LocalRedshift redshift;

  private LoadPipeline(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) {
    this.dynamo = dynamo;
    this.s3 = s3;
    this.redshift = redshift;
  }

  /** Creates the buckets and the target table. */
  static LoadPipeline create(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws SQLException {
    s3.createBucket(BUCKET);
    s3.createBucket(MANIFEST_BUCKET);
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      // The stand-in is PostgreSQL: clock_timestamp() stamps each row when the COPY's INSERT writes it.
      statement.execute("create table " + TABLE + " (conn int, seq bigint, sent_ms bigint, host varchar(16),"
          + " msg varchar(65535), loaded_at timestamptz default clock_timestamp())");
      statement.execute("grant all on " + TABLE + " to " + redshift.user());
    }
    return new LoadPipeline(dynamo, s3, redshift);
  }

  /** The config prefix: where the Lambda loader, and so the registrar, finds the config of the default key layout. */
  String s3Prefix() {
    return BUCKET + "/logs/" + TAG;
  }

  String table() {
    return TABLE;
  }

  /** The agent's configuration, its buffer under {@code work}. */
  SluiceConfig agentConfig(Path work, PipelineOptions options) throws ConfigException {
    String yaml = """
        agent: {id: bench, drain_timeout: 30s}
        inputs:
          forward: {enabled: false}
          http: {bind: 127.0.0.1, port: 0}
        buffer: {directory: %s}
        %s
        %s
        loader:
          scan_interval: %s
        %s
          loads:
            - s3_prefix: %s
              data_format: json
              batch: {size: %d, timeout: %s}
              manifest: {bucket: %s, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
        %s
                  column_list: conn, seq, sent_ms, host, msg
        admin: {enabled: false}
        """.formatted(work.resolve("buffer"), StandInYaml.s3Output(s3, s3.endpoint(), BUCKET,
        options.rollSize().toString(), Durations.format(options.rollAge())), StandInYaml.tracker(dynamo, null),
        Durations.format(options.scanInterval()), StandInYaml.loaderS3(s3), s3Prefix(), options.batchFiles(),
        Durations.format(options.batchTimeout()), MANIFEST_BUCKET, StandInYaml.cluster(redshift, redshift.jdbcUrl(),
        TABLE));
    return new ConfigLoader(StandInYaml.secrets(dynamo, s3, redshift)).parse("<benchmark>", yaml, work);
  }
}
