package io.sluice.testkit.redshift;

/** The data format a COPY reads, with the options that only make sense for that format. */
sealed interface DataFormat {

  /** {@code FORMAT AS JSON 'auto'} or {@code 'auto ignorecase'}: object keys are matched to column names. */
  record JsonAuto(boolean ignoreCase) implements DataFormat {}

  /** {@code FORMAT AS JSON 's3://…/jsonpaths.json'}: each path yields one column, in order. */
  record JsonPaths(S3Location file) implements DataFormat {}

  /** {@code CSV [QUOTE AS 'q']}: RFC 4180 fields, where quoted fields may hold delimiters and newlines. */
  record Csv(char delimiter, char quote) implements DataFormat {}

  /**
   * Redshift's default text format: one record per line, fields split at the delimiter.
   *
   * @param escape whether a backslash makes the next character literal ({@code ESCAPE})
   * @param removeQuotes whether surrounding quotes are stripped, keeping delimiters inside them ({@code REMOVEQUOTES})
   */
  record Text(char delimiter, boolean escape, boolean removeQuotes) implements DataFormat {}
}
