package io.sluice.config.loader;

import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the files under one S3 prefix are loaded: the YAML form of one Lambda loader config item
 * ({@code LambdaRedshiftBatchLoadConfig}).
 *
 * @param s3Prefix {@code bucket/path} without {@code s3://} or a trailing '/' (the config item's key); may hold
 *     Hive wildcards such as {@code dt=*}
 * @param clusters the clusters every batch is loaded into, each in its own transaction
 * @param dataFormat the files' format
 * @param jsonPaths an {@code s3://} jsonpaths file; {@code 'auto'} when absent (JSON and AVRO)
 * @param csvDelimiter the field delimiter (CSV)
 * @param ignoreCsvHeader skip the first line of each file (CSV)
 * @param filenameFilter a regular expression the object key must contain a match of
 * @param compression a COPY compression keyword such as GZIP, written to the config item's {@code compression};
 *     config check requires GZIP under a prefix that a gzip output writes, and none under a plain output's
 * @param copyOptions extra COPY options, appended verbatim (for example {@code TIMEFORMAT 'auto'})
 * @param batch when an open batch is closed and loaded
 * @param manifest where COPY manifests are written
 * @param copyCredentials how Redshift reads the files; the process's own credentials when absent
 * @param notifications SNS topics told about each loaded or failed batch
 */
public record LoadConfig(
    String s3Prefix,
    List<ClusterConfig> clusters,
    DataFormat dataFormat,
    String jsonPaths,
    String csvDelimiter,
    Boolean ignoreCsvHeader,
    String filenameFilter,
    String compression,
    String copyOptions,
    BatchRules batch,
    ManifestConfig manifest,
    CopyCredentials copyCredentials,
    Notifications notifications) implements Validatable {

  /** The formats COPY reads, as the Lambda loader's {@code dataFormat}. */
  public enum DataFormat { JSON, CSV, AVRO, PARQUET, ORC }

  private static final Pattern S3_PREFIX = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^/]+)*");

  public LoadConfig {
    clusters = clusters != null ? List.copyOf(clusters) : List.of();
    dataFormat = dataFormat != null ? dataFormat : DataFormat.JSON;
    ignoreCsvHeader = ignoreCsvHeader != null ? ignoreCsvHeader : Boolean.FALSE;
    batch = batch != null ? batch : new BatchRules(null, null, null);
  }

  @Override
  public void validate(String path, Problems problems) {
    String prefixPath = ConfigPaths.child(path, "s3_prefix");
    if (problems.require(s3Prefix, prefixPath)) {
      problems.check(S3_PREFIX.matcher(s3Prefix).matches(), prefixPath,
          "expected bucket/path without s3:// and without a trailing '/', got \"" + s3Prefix + "\"");
    }
    problems.check(!clusters.isEmpty(), ConfigPaths.child(path, "clusters"), "at least one cluster is required");
    for (int i = 0; i < clusters.size(); i++) {
      ClusterConfig cluster = clusters.get(i);
      String at = ConfigPaths.element(ConfigPaths.child(path, "clusters"), i);
      if (cluster == null) {
        problems.add(at, "a cluster must be a mapping");
      } else {
        cluster.validate(at, problems);
      }
    }
    validateFormat(path, problems);
    if (filenameFilter != null) {
      try {
        Pattern.compile(filenameFilter);
      } catch (PatternSyntaxException e) {
        problems.add(ConfigPaths.child(path, "filename_filter"), "not a valid regular expression: "
            + e.getDescription());
      }
    }
    if (compression != null) {
      problems.check(compression.matches("(?i)GZIP|BZIP2|LZOP|ZSTD"), ConfigPaths.child(path, "compression"),
          "expected one of GZIP, BZIP2, LZOP, ZSTD, got \"" + compression + "\"");
    }
    batch.validate(ConfigPaths.child(path, "batch"), problems);
    if (problems.require(manifest, ConfigPaths.child(path, "manifest"))) {
      manifest.validate(ConfigPaths.child(path, "manifest"), problems);
      if (s3Prefix != null && manifest.bucket() != null && manifest.prefix() != null) {
        String location = manifest.bucket() + "/" + manifest.prefix();
        problems.check(!(location + "/").startsWith(s3Prefix + "/"), ConfigPaths.child(path, "manifest.prefix"),
            "manifests under the loaded prefix would be loaded themselves; put them outside " + s3Prefix);
      }
    }
    Validatable.validateChild(copyCredentials, ConfigPaths.child(path, "copy_credentials"), problems);
    Validatable.validateChild(notifications, ConfigPaths.child(path, "notifications"), problems);
  }

  private void validateFormat(String path, Problems problems) {
    if (dataFormat == DataFormat.CSV) {
      if (problems.require(csvDelimiter, ConfigPaths.child(path, "csv_delimiter"))) {
        problems.check(csvDelimiter.length() == 1 && csvDelimiter.charAt(0) != '\'',
            ConfigPaths.child(path, "csv_delimiter"), "must be one character other than a quote");
      }
    }
    if (jsonPaths != null) {
      problems.check(dataFormat == DataFormat.JSON || dataFormat == DataFormat.AVRO,
          ConfigPaths.child(path, "json_paths"), "json_paths applies to the json and avro formats only");
      problems.check(jsonPaths.matches("s3://[^'\\s]+"), ConfigPaths.child(path, "json_paths"),
          "expected an s3://bucket/key location without quotes or spaces, got \"" + jsonPaths + "\"");
    }
  }
}
