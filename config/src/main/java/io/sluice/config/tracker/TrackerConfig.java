package io.sluice.config.tracker;

import io.sluice.config.AwsCredentialsConfig;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.net.URI;
import java.util.List;

/**
 * The batch tracker: the Lambda Redshift loader's three DynamoDB tables, shared with it.
 *
 * @param mode who registers and loads uploaded files
 * @param region the DynamoDB region; the SDK's default region chain when absent
 * @param endpoint an endpoint override (DynamoDB Local, VPC endpoints)
 * @param tables the table names; the Lambda loader's names by default
 * @param billingMode how tables Sluice creates are billed
 * @param credentials static credentials; the SDK's default provider chain when absent
 * @param suppressWildcardExpansion the Lambda's {@code SuppressWildcardExpansionPrefixList}: directories (without
 *     the bucket) whose Hive {@code name=value} segments are looked up as written, or {@code *} for all; it must
 *     match the Lambda deployment sharing the tracker
 */
public record TrackerConfig(
    TrackerMode mode,
    String region,
    URI endpoint,
    TableNames tables,
    BillingMode billingMode,
    AwsCredentialsConfig credentials,
    List<String> suppressWildcardExpansion) implements Validatable {

  /** Who registers uploaded files in the tracker and who loads them. */
  public enum TrackerMode {
    /** Sluice registers every file and its embedded loader runs COPY. */
    EMBEDDED,
    /** Sluice only uploads; the Lambda's S3 trigger registers and loads (one registrar per prefix). */
    LAMBDA,
    /** Sluice only uploads. */
    OFF
  }

  /** Capacity mode for tables Sluice creates; existing tables are used as they are. */
  public enum BillingMode { ON_DEMAND, PROVISIONED }

  public TrackerConfig {
    mode = mode != null ? mode : TrackerMode.OFF;
    tables = tables != null ? tables : new TableNames(null, null, null);
    billingMode = billingMode != null ? billingMode : BillingMode.ON_DEMAND;
    suppressWildcardExpansion = suppressWildcardExpansion != null ? List.copyOf(suppressWildcardExpansion)
        : List.of();
  }

  @Override
  public void validate(String path, Problems problems) {
    tables.validate(ConfigPaths.child(path, "tables"), problems);
    if (endpoint != null) {
      problems.check(endpoint.getScheme() != null && endpoint.getHost() != null, ConfigPaths.child(path, "endpoint"),
          "expected a URL such as http://127.0.0.1:8000, got \"" + endpoint + "\"");
    }
    Validatable.validateChild(credentials, ConfigPaths.child(path, "credentials"), problems);
  }

  /**
   * The three table names.
   *
   * @param config the load configuration per prefix
   * @param batches the batches and their status
   * @param files the processed files
   */
  public record TableNames(String config, String batches, String files) implements Validatable {

    private static final String TABLE_NAME = "[A-Za-z0-9_.-]{3,255}";

    public TableNames {
      config = config != null ? config : "LambdaRedshiftBatchLoadConfig";
      batches = batches != null ? batches : "LambdaRedshiftBatches";
      files = files != null ? files : "LambdaRedshiftProcessedFiles";
    }

    @Override
    public void validate(String path, Problems problems) {
      checkName(config, ConfigPaths.child(path, "config"), problems);
      checkName(batches, ConfigPaths.child(path, "batches"), problems);
      checkName(files, ConfigPaths.child(path, "files"), problems);
    }

    private static void checkName(String name, String path, Problems problems) {
      problems.check(name.matches(TABLE_NAME), path, "\"" + name + "\" is not a valid DynamoDB table name");
    }
  }
}
