package io.sluice.config.loader;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Secret;
import io.sluice.config.Validatable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Redshift cluster a batch is loaded into, as one element of the config item's {@code loadClusters}.
 *
 * @param jdbcUrl a full {@code jdbc:redshift://} URL; give this or {@code endpoint}
 * @param endpoint the cluster hostname (the Lambda's {@code clusterEndpoint}, also the key of its load status)
 * @param port the cluster port
 * @param database the database name
 * @param ssl connect with SSL
 * @param user the database user
 * @param password the user's password; when absent, the config item's KMS-encrypted {@code connectPassword} (as
 *     the Lambda's setup writes it) is decrypted
 * @param targetTable the table COPY loads into ({@code schema.table})
 * @param columnList the columns COPY fills, comma-separated; all columns in order when absent
 * @param truncate truncate the target table in the same transaction before COPY
 * @param preSql SQL run in the transaction before COPY
 * @param postSql SQL run in the transaction after COPY
 */
public record ClusterConfig(
    String jdbcUrl,
    String endpoint,
    Integer port,
    String database,
    Boolean ssl,
    String user,
    Secret password,
    String targetTable,
    String columnList,
    Boolean truncate,
    String preSql,
    String postSql) implements Validatable {

  private static final String IDENTIFIER = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
  private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + "){0,2}");
  private static final Pattern COLUMNS = Pattern.compile("\\s*" + IDENTIFIER + "(?:\\s*,\\s*" + IDENTIFIER + ")*\\s*");

  public ClusterConfig {
    port = port != null ? port : 5439;
    ssl = ssl != null ? ssl : Boolean.TRUE;
    truncate = truncate != null ? truncate : Boolean.FALSE;
  }

  /**
   * The cluster's name in the config item and in {@code clusterLoadStatus}: {@code endpoint}, or the host of
   * {@code jdbc_url}.
   */
  public String endpointName() {
    if (endpoint != null) {
      return endpoint;
    }
    String rest = jdbcUrl.replaceFirst("^jdbc:redshift:(?:iam:)?//", "");
    int end = 0;
    while (end < rest.length() && ":/?;".indexOf(rest.charAt(end)) < 0) {
      end++;
    }
    return rest.substring(0, end);
  }

  /** The port in {@code jdbc_url} when it names one, else {@code port}. */
  public int effectivePort() {
    if (jdbcUrl != null) {
      Matcher m = Pattern.compile("^jdbc:redshift:(?:iam:)?//[^:/?;]+:(\\d+)").matcher(jdbcUrl);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return port;
  }

  @Override
  public void validate(String path, Problems problems) {
    if (jdbcUrl == null == (endpoint == null)) {
      problems.add(path, "give exactly one of jdbc_url or endpoint");
    }
    if (jdbcUrl != null) {
      problems.check(jdbcUrl.startsWith("jdbc:redshift:"), ConfigPaths.child(path, "jdbc_url"),
          "expected a jdbc:redshift:// URL, got \"" + jdbcUrl.replaceAll("password=[^&;]*", "password=***") + "\"");
    }
    if (endpoint != null) {
      problems.check(endpoint.matches("[A-Za-z0-9.-]+"), ConfigPaths.child(path, "endpoint"),
          "expected a hostname, got \"" + endpoint + "\"");
    }
    problems.checkPort(port, ConfigPaths.child(path, "port"));
    problems.require(user, ConfigPaths.child(path, "user"));
    if (problems.require(targetTable, ConfigPaths.child(path, "target_table"))) {
      problems.check(TABLE.matcher(targetTable).matches(), ConfigPaths.child(path, "target_table"),
          "expected a table name such as public.events, got \"" + targetTable + "\"");
    }
    if (columnList != null) {
      problems.check(COLUMNS.matcher(columnList).matches(), ConfigPaths.child(path, "column_list"),
          "expected column names separated by commas, got \"" + columnList + "\"");
    }
  }
}
