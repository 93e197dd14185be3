package io.sluice.loader.load;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.config.StandInYaml;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.s3.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One isolated loader setup on the shared local servers: its own tracker tables, data and manifest buckets and
 * target table, so tests never see each other's batches or rows.
 */
final class LoaderFixture {

  private static final AtomicInteger NEXT = new AtomicInteger();

  final LocalDynamoDb dynamo;
  final LocalS3 s3;
  final LocalRedshift redshift;
  final String id;
  final String bucket;
  final String manifestBucket;
  final String table;
  final String prefix;
  int batchSize = 1000;
  String batchTimeout = "1h";
  String outageRetry = "10m";
  String scanInterval = "200ms";
  String jsonPaths;
  int redshiftPort;
  /** Extra YAML under {@code loader:}, two-space indented keys such as {@code sns:}. */
  String loaderYaml = "";
  /** Extra YAML in the load entry, such as {@code notifications:}. */
  String loadYaml = "";
  /** False: the cluster's password comes from the config item (KMS), not from the YAML. */
  boolean passwordInYaml = true;
  /** Extra YAML in the cluster entry, such as {@code post_sql:}. */
  String clusterYaml = "";

  LoaderFixture(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.dynamo = dynamo;
    this.s3 = s3;
    this.redshift = redshift;
    this.id = "ld" + ProcessHandle.current().pid() + "x" + NEXT.incrementAndGet();
    this.bucket = id + "-data";
    this.manifestBucket = id + "-manifests";
    this.table = "public." + id + "_events";
    this.prefix = bucket + "/logs/app";
    this.redshiftPort = Integer.parseInt(redshift.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
    s3.createBucket(bucket);
    s3.createBucket(manifestBucket);
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement()) {
      statement.execute("create table " + table + " (file varchar(64), seq int, msg varchar(256))");
      statement.execute("grant all on " + table + " to " + redshift.user());
    }
  }

  SluiceConfig config() throws ConfigException {
    return config("");
  }

  /** The configuration, with {@code ${EXTRA_SECRET}} set to {@code extraSecret}. */
  SluiceConfig config(String extraSecret) throws ConfigException {
    String yaml = """
        %s
        loader:
          scan_interval: %s
          outage_retry: %s
        %s
        %s
          loads:
            - s3_prefix: %s
              data_format: json
              %s
        %s
              batch: {size: %d, timeout: %s}
              manifest: {bucket: %s, prefix: manifests}
              copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
              clusters:
                - jdbc_url: jdbc:redshift://127.0.0.1:%d/%s
                  ssl: false
                  user: %s
        %s
        %s
                  target_table: %s
        """.formatted(StandInYaml.tracker(dynamo, id), scanInterval, outageRetry, loaderYaml,
        StandInYaml.loaderS3(s3), prefix, jsonPaths == null ? "" : "json_paths: " + jsonPaths, loadYaml,
        batchSize, batchTimeout, manifestBucket, redshiftPort, redshift.database(), redshift.user(),
        passwordInYaml ? "          password: ${PG_PASSWORD}" : "", clusterYaml, table);
    Map<String, String> variables = new HashMap<>(StandInYaml.secrets(dynamo, s3, redshift));
    variables.put("EXTRA_SECRET", extraSecret);
    return new ConfigLoader(variables).parse(id + ".yaml", yaml, Path.of("."));
  }

  /** Puts a JSON-lines file of {@code rows} records under the loaded prefix; returns its key. */
  String putFile(String name, int rows) {
    String key = "logs/app/" + name;
    StringBuilder body = new StringBuilder();
    for (int seq = 0; seq < rows; seq++) {
      body.append("{\"file\":\"").append(name).append("\",\"seq\":").append(seq).append(",\"msg\":\"m\"}\n");
    }
    s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body.toString(),
        StandardCharsets.UTF_8));
    return key;
  }

  long size(String key) {
    return s3.client().headObject(r -> r.bucket(bucket).key(key)).contentLength();
  }

  int rows() throws SQLException {
    return count("select count(*) from " + table);
  }

  int distinctRows() throws SQLException {
    return count("select count(*) from (select distinct file, seq from " + table + ") d");
  }

  int count(String sql) throws SQLException {
    try (Connection admin = redshift.connectAsAdmin(); Statement statement = admin.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }
}
