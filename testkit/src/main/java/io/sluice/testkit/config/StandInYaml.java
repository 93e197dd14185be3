package io.sluice.testkit.config;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.s3.LocalS3;
import java.net.URI;
import java.util.Map;

/**
 * Sluice YAML sections that point the tracker and the loader at the local stand-ins. Secrets stay {@code ${VAR}}
 * references, as in a real file; {@link #secrets} gives their values, to pass to the config loader.
 */
public final class StandInYaml {

  private StandInYaml() {
  }

  /**
   * The top-level {@code tracker:} section in embedded mode on DynamoDB Local, with tables {@code <tables>_config},
   * {@code _batches} and {@code _files}, or the Lambda's default tables when {@code tables} is null.
   */
  public static String tracker(LocalDynamoDb dynamo, String tables) {
    return tracker(dynamo, dynamo.endpoint(), tables);
  }

  /** As {@link #tracker(LocalDynamoDb, String)}, reaching DynamoDB Local at {@code endpoint}, such as a relay. */
  public static String tracker(LocalDynamoDb dynamo, URI endpoint, String tables) {
    String yaml = """
        tracker:
          mode: embedded
          region: us-east-1
          endpoint: %s
          credentials: {access_key_id: %s, secret_access_key: "${DDB_SECRET}"}""".formatted(endpoint,
        dynamo.credentials().accessKeyId());
    if (tables == null) {
      return yaml;
    }
    return yaml + "\n  tables: {config: %1$s_config, batches: %1$s_batches, files: %1$s_files}".formatted(tables);
  }

  /** The {@code s3:} section of {@code loader:}, indented to go under it, on the S3 stand-in. */
  public static String loaderS3(LocalS3 s3) {
    return """
          s3:
            region: us-east-1
            endpoint: %s
            path_style: true
            credentials: {access_key_id: %s, secret_access_key: "${S3_SECRET}"}""".formatted(s3.endpoint(),
        s3.accessKeyId()).indent(2).stripTrailing();
  }

  /** The values of {@code ${DDB_SECRET}}, {@code ${S3_SECRET}} and {@code ${PG_PASSWORD}}. */
  public static Map<String, String> secrets(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) {
    return Map.of("DDB_SECRET", dynamo.credentials().secretAccessKey(), "S3_SECRET", s3.secretAccessKey(),
        "PG_PASSWORD", redshift.password());
  }

  /** The top-level {@code outputs:} section: one S3 output named {@code s3} to {@code bucket} at {@code endpoint}. */
  public static String s3Output(LocalS3 s3, URI endpoint, String bucket, String rollSize, String rollAge) {
    return """
        outputs:
          - name: s3
            bucket: %s
            prefix: logs
            region: us-east-1
            endpoint: %s
            path_style: true
            credentials: {access_key_id: %s, secret_access_key: "${S3_SECRET}"}
            roll: {size: %s, age: %s}""".formatted(bucket, endpoint, s3.accessKeyId(), rollSize, rollAge);
  }

  /**
   * The {@code clusters:} key of a load entry, indented to go under {@code loads: - }, with one cluster on the
   * Redshift stand-in reached at {@code jdbcUrl}; further cluster keys may follow at ten spaces.
   */
  public static String cluster(LocalRedshift redshift, String jdbcUrl, String table) {
    return """
        clusters:
          - jdbc_url: %s
            ssl: false
            user: %s
            password: ${PG_PASSWORD}
            target_table: %s""".formatted(jdbcUrl, redshift.user(), table).indent(6).stripTrailing();
  }
}
