package io.sluice.loader.copy;

import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.manifest.ManifestLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The statements one cluster's load runs in one transaction (contract 3.2), validated so config cannot inject SQL.
 *
 * <p>The COPY is {@code COPY <table>[ (<columns>)] FROM '<manifest url>' <auth> MANIFEST <format>[ <compression>][
 * <copy options>][ ENCRYPTED]}, the Lambda's options in the Lambda's order, with a separator where the Lambda
 * forgot one after PARQUET and ORC (contract 8.10). {@code presql} and {@code postsql} are the operator's own SQL
 * and run as written.
 */
public final class CopyScript {

  /** The Lambda omits {@code format csv} when the copy options hold either word (contract 3.2). */
  private static final Pattern NOT_CSV_OPTIONS = Pattern.compile("(?i)REMOVEQUOTES|ESCAPE");
  private static final Pattern COMPRESSION = Pattern.compile("(?i)GZIP|BZIP2|LZOP|ZSTD");

  private final List<String> statements;
  private final List<String> redactedStatements;
  private final int copyIndex;
  private final CopyAuthorization auth;

  private CopyScript(List<String> statements, List<String> redactedStatements, int copyIndex,
      CopyAuthorization auth) {
    this.statements = List.copyOf(statements);
    this.redactedStatements = List.copyOf(redactedStatements);
    this.copyIndex = copyIndex;
    this.auth = auth;
  }

  /**
   * Builds the script.
   *
   * @throws IllegalArgumentException when a configured name, literal or option could change the statement's
   *     meaning, or a CSV load has no delimiter
   */
  public static CopyScript of(LoadConfig load, ClusterConfig cluster, ManifestLocation manifest,
      CopyAuthorization auth) {
    String table = SqlText.table("target_table", cluster.targetTable());
    StringBuilder head = new StringBuilder("COPY ").append(table);
    if (cluster.columnList() != null) {
      head.append(" (").append(SqlText.columns("column_list", cluster.columnList())).append(')');
    }
    head.append(" FROM ").append(SqlText.literal("the manifest URL", manifest.url())).append(' ');
    StringBuilder tail = new StringBuilder(" MANIFEST ").append(format(load));
    if (load.compression() != null) {
      if (!COMPRESSION.matcher(load.compression()).matches()) {
        throw new IllegalArgumentException("compression must be GZIP, BZIP2, LZOP or ZSTD, got \""
            + load.compression() + "\"");
      }
      tail.append(' ').append(load.compression().toUpperCase(Locale.ROOT));
    }
    if (load.copyOptions() != null && !load.copyOptions().isBlank()) {
      tail.append(' ').append(SqlText.options("copy_options", load.copyOptions()));
    }
    if (auth.encrypted()) {
      tail.append(" ENCRYPTED");
    }

    List<String> statements = new ArrayList<>();
    List<String> redacted = new ArrayList<>();
    String preSql = operatorSql(cluster.preSql());
    if (preSql != null) {
      statements.add(preSql);
      redacted.add(preSql);
    }
    if (cluster.truncate()) {
      statements.add("truncate table " + table);
      redacted.add("truncate table " + table);
    }
    int copyIndex = statements.size();
    statements.add(head + auth.sql() + tail);
    redacted.add(head + auth.redactedSql() + tail);
    String postSql = operatorSql(cluster.postSql());
    if (postSql != null) {
      statements.add(postSql);
      redacted.add(postSql);
    }
    return new CopyScript(statements, redacted, copyIndex, auth);
  }

  private static String format(LoadConfig load) {
    return switch (load.dataFormat()) {
      case JSON -> "FORMAT AS JSON " + jsonOption(load);
      case AVRO -> "FORMAT AS AVRO " + jsonOption(load);
      case CSV -> csv(load);
      case PARQUET -> "FORMAT AS PARQUET";
      case ORC -> "FORMAT AS ORC";
    };
  }

  private static String jsonOption(LoadConfig load) {
    return load.jsonPaths() == null ? "'auto'" : SqlText.literal("json_paths", load.jsonPaths());
  }

  private static String csv(LoadConfig load) {
    if (load.csvDelimiter() == null || load.csvDelimiter().isEmpty()) {
      throw new IllegalArgumentException("csv_delimiter is required for CSV loads");
    }
    StringBuilder csv = new StringBuilder();
    if (load.copyOptions() == null || !NOT_CSV_OPTIONS.matcher(load.copyOptions()).find()) {
      csv.append("FORMAT AS CSV ");
    }
    csv.append("DELIMITER ").append(SqlText.literal("csv_delimiter", load.csvDelimiter()));
    if (load.ignoreCsvHeader()) {
      csv.append(" IGNOREHEADER 1");
    }
    return csv.toString();
  }

  /** The operator's SQL as configured, without trailing semicolons; null when none. */
  private static String operatorSql(String sql) {
    if (sql == null) {
      return null;
    }
    String trimmed = sql.strip().replaceAll("[;\\s]+$", "");
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** [presql?, "truncate table <t>"?, COPY..., postsql?]: begin and commit are the JDBC transaction's. */
  public List<String> statements() {
    return statements;
  }

  /** Where the COPY is in {@link #statements()}. */
  int copyIndex() {
    return copyIndex;
  }

  /** The script with credentials replaced by '***', for logs and errors. */
  public String redacted() {
    return String.join(";\n", redactedStatements) + ";";
  }

  /** {@code text} with this script's secrets replaced by {@code ***}, for server messages that may echo them. */
  String redact(String text) {
    return auth.redact(text);
  }

  /** Redacted, as {@link #redacted()}. */
  @Override
  public String toString() {
    return redacted();
  }
}
