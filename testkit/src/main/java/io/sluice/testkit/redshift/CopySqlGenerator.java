package io.sluice.testkit.redshift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the single PostgreSQL statement that replaces a COPY: an {@code INSERT … SELECT} over the loaded rows,
 * embedded as one dollar-quoted JSON literal, so that it runs in the caller's session and transaction and its
 * update count is the number of rows loaded.
 *
 * <p>Rows keyed by column name ({@code JSON 'auto'}) go through {@code json_populate_recordset}. Positional rows
 * (CSV, text, jsonpaths) are matched to the columns of the column list, or of the table in column order, on the
 * server, which resolves the table in the session's search path and sees tables created earlier in the same
 * transaction. Values convert to the column types with PostgreSQL's input functions; an empty field loads as NULL
 * into a non-character column, as in Redshift.
 */
final class CopySqlGenerator {

  /** 1: table, 2: column list, 3: select list, 4: rows. */
  private static final String KEYED_INSERT = """
      INSERT INTO %1$s%2$s
      SELECT %3$s
      FROM json_populate_recordset(NULL::%1$s, %4$s::json) AS loaded""";

  /**
   * 1: table, 2: column list, 3: select list, 4: rows, 5: target-columns query, 6: table as a literal,
   * 7: whether short records are padded. The source keys are those {@link PositionalRow} writes.
   */
  private static final String POSITIONAL_INSERT = """
      WITH target(name, ordinal, is_text) AS (
      %5$s
      ),
      source AS (
        SELECT value -> 'fields' AS fields, value ->> 'file' AS file, (value ->> 'record')::bigint AS record
        FROM json_array_elements(%4$s::json)
      )
      INSERT INTO %1$s%2$s
      SELECT %3$s
      FROM source
      CROSS JOIN LATERAL json_populate_record(NULL::%1$s, (
        SELECT json_object_agg(target.name, CASE
            WHEN NOT target.is_text AND source.fields ->> (target.ordinal::int - 1) = '' THEN NULL
            ELSE source.fields -> (target.ordinal::int - 1) END)
        FROM target)) AS loaded
      WHERE %8$s(%6$s, source.file, source.record, json_array_length(source.fields),
                 (SELECT count(*) FROM target), %7$s)""";

  /** Every column of the table, in order. 1: table as a regclass literal. */
  private static final String TABLE_COLUMNS = """
        SELECT a.attname::text, row_number() OVER (ORDER BY a.attnum), t.typcategory = 'S'
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = %1$s AND a.attnum > 0 AND NOT a.attisdropped""";

  /** The listed columns, in list order. 1: table as a regclass literal, 2: column names as string literals. */
  private static final String LISTED_COLUMNS = """
        SELECT a.attname::text, listed.ordinal, t.typcategory = 'S'
        FROM unnest(ARRAY[%2$s]::text[]) WITH ORDINALITY AS listed(name, ordinal)
        JOIN pg_attribute a ON a.attrelid = %1$s AND a.attname = listed.name AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid""";

  private final ObjectMapper json;

  CopySqlGenerator(ObjectMapper json) {
    this.json = json;
  }

  /** For rows that are JSON objects whose keys are column names. */
  String insertKeyed(CopyStatement copy, List<ObjectNode> rows) {
    return KEYED_INSERT.formatted(copy.table(), columnList(copy), selectList(copy), jsonLiteral(rows));
  }

  /** For {@link PositionalRow}s, whose fields map to columns by position. */
  String insertPositional(CopyStatement copy, List<ObjectNode> rows, boolean fillRecord) {
    return POSITIONAL_INSERT.formatted(copy.table(), columnList(copy), selectList(copy), jsonLiteral(rows),
        targetColumns(copy), DollarQuoting.quote(copy.table()), fillRecord, CopySupportFunctions.CHECK_FIELD_COUNT);
  }

  /**
   * A statement that fails with the error's message, in place of the COPY: the error reaches the client as an SQL
   * error (SQLState XX000, Redshift's internal-error state for load failures) and aborts the transaction.
   */
  static String raise(CopyException error) {
    StringBuilder body = new StringBuilder("BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = ")
        .append(DollarQuoting.quote(error.getMessage()));
    if (error.detail() != null) {
      body.append(", DETAIL = ").append(DollarQuoting.quote(error.detail()));
    }
    body.append("; END");
    return "DO " + DollarQuoting.quote(body.toString());
  }

  private static String targetColumns(CopyStatement copy) {
    String table = DollarQuoting.quote(copy.table()) + "::regclass";
    if (copy.columns().isEmpty()) {
      return TABLE_COLUMNS.formatted(table);
    }
    String names = copy.columns().stream()
        .map(SqlIdentifiers::catalogName)
        .map(DollarQuoting::quote)
        .collect(Collectors.joining(", "));
    return LISTED_COLUMNS.formatted(table, names);
  }

  private static String columnList(CopyStatement copy) {
    return copy.columns().isEmpty() ? "" : " (" + String.join(", ", copy.columns()) + ")";
  }

  /** Qualified with the row alias, so a column named like a helper column ("file", "fields") is not ambiguous. */
  private static String selectList(CopyStatement copy) {
    if (copy.columns().isEmpty()) {
      return "loaded.*";
    }
    return copy.columns().stream().map(column -> "loaded." + column).collect(Collectors.joining(", "));
  }

  private String jsonLiteral(List<ObjectNode> rows) {
    try {
      return DollarQuoting.quote(json.writeValueAsString(rows));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Rows parsed from JSON could not be written back as JSON", e);
    }
  }
}
