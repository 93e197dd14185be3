package io.sluice.agent.daemon;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.s3.LocalS3;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Agents with the whole pipeline for end-to-end tests: HTTP in, an S3 output, the tracker in embedded mode and a
 * loader that COPYs the prefix into a target table, each test on its own tables, buckets and target table.
 */
final class LoadingAgentConfig {

  private static final AtomicInteger NEXT = new AtomicInteger();

  final LocalDynamoDb dynamo;
  final LocalS3 s3;
  final LocalRedshift redshift;
  final String id;
  final String bucket;
  final String table;
  String rollSize = "1MiB";
  int batchSize = 5;
  String batchTimeout = "2s";
  boolean forward;
  /** Whether the admin endpoint listens (on a free loopback port); off unless a test needs it. */
  boolean admin;
  String jdbcUrl;
  URI dynamoEndpoint;
  /** Whether the output stores gzip files, and the load therefore COPYs with GZIP. */
  boolean gzip;

  LoadingAgentConfig(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.dynamo = dynamo;
    this.s3 = s3;
    this.redshift = redshift;
    this.id = "ag" + ProcessHandle.current().pid() + "x" + NEXT.incrementAndGet();
    this.bucket = id + "-logs";
    this.table = "public." + id + "_events";
    this.jdbcUrl = redshift.jdbcUrl();
    this.dynamoEndpoint = dynamo.endpoint();
    s3.createBucket(bucket);
    s3.createBucket(id + "-manifests");
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      statement.execute("create table " + table + " (conn int, seq int, tag varchar(64), time varchar(40))");
      statement.execute("grant all on " + table + " to " + redshift.user());
    }
  }

  /** The configuration of the agent called {@code agentId}, keeping its buffer under {@code directory}. */
  SluiceConfig agent(String agentId, Path directory) throws ConfigException {
    String yaml = """
        agent: {id: %s, drain_timeout: 20s}
        inputs:
          forward: {enabled: %s, bind: 127.0.0.1, port: 0, heartbeat: {udp: false}}
          http: {bind: 127.0.0.1, port: 0}
        buffer: {directory: %s}
        %s
        %s
        loader:
          scan_interval: 250ms
          outage_retry: 10m
        %s
          loads:
            - s3_prefix: %s/logs
              data_format: json
              batch: {size: %d, timeout: %s}
              manifest: {bucket: %s-manifests, prefix: manifests}
              %s
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
        %s
                  column_list: conn, seq, tag, time
        admin: {enabled: %s, bind: 127.0.0.1, port: 0}
        """.formatted(agentId, forward, directory.resolve("buffer"), StandInYaml.s3Output(s3, s3.endpoint(), bucket, rollSize,
        "1s") + (gzip ? "\n    format: {compression: gzip}" : ""), StandInYaml.tracker(dynamo, dynamoEndpoint, id),
        StandInYaml.loaderS3(s3), bucket, batchSize, batchTimeout, id, gzip ? "compression: GZIP" : "",
        StandInYaml.cluster(redshift, jdbcUrl, table), admin);
    return new ConfigLoader(StandInYaml.secrets(dynamo, s3, redshift)).parse(agentId + ".yaml", yaml, directory);
  }
}
