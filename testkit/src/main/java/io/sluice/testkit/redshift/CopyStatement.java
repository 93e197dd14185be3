package io.sluice.testkit.redshift;

import java.util.List;

/**
 * A parsed Redshift {@code COPY … FROM 's3://…'} statement, reduced to what the emulation acts on.
 *
 * @param table the target table exactly as written, e.g. {@code public.events} or {@code "Events"}
 * @param columns the column list as written (identifiers with their quotes), or empty for all columns
 * @param source the manifest or the key prefix to load
 * @param options how to read what the source names
 */
record CopyStatement(String table, List<String> columns, S3Location source, CopyOptions options) {

  CopyStatement {
    columns = List.copyOf(columns);
  }
}
