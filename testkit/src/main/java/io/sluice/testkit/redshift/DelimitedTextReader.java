package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Redshift's default text format: one record per line, fields split at the delimiter ({@code |} unless
 * {@code DELIMITER} says otherwise).
 *
 * <p>With {@code ESCAPE} a backslash makes the next character data (a delimiter, a line break, a quote or a
 * backslash). With {@code REMOVEQUOTES} a field enclosed in single or double quotes loses them, and delimiters
 * inside them are data. The {@code NULL AS} string is compared with the field as written, before unescaping, so
 * {@code \N} means NULL with or without {@code ESCAPE}. Blank lines are skipped; {@code IGNOREHEADER} skips leading
 * records of every file.
 */
final class DelimitedTextReader implements RecordReader {

  private final DataFormat.Text format;
  private final int ignoreHeader;
  private final NullRules nulls;

  DelimitedTextReader(DataFormat.Text format, int ignoreHeader, NullRules nulls) {
    this.format = format;
    this.ignoreHeader = ignoreHeader;
    this.nulls = nulls;
  }

  @Override
  public List<ObjectNode> read(S3Location file, String content) {
    List<List<String>> records = new Parser(content).records(file);
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = ignoreHeader; i < records.size(); i++) {
      rows.add(PositionalRow.ofText(file, i + 1, records.get(i)));
    }
    return rows;
  }

  /** State machine over one file's characters. */
  private final class Parser {

    private final String text;
    private final List<List<String>> records = new ArrayList<>();
    private List<String> fields = new ArrayList<>();
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder value = new StringBuilder();
    private char openQuote;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    List<List<String>> records(S3Location file) {
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (format.escape() && c == '\\' && pos < text.length()) {
          char escaped = text.charAt(pos++);
          raw.append(c).append(escaped);
          value.append(escaped);
        } else if (openQuote != 0) {
          raw.append(c);
          if (c == openQuote) {
            openQuote = 0;
          } else {
            value.append(c);
          }
        } else if (format.removeQuotes() && (c == '"' || c == '\'') && raw.length() == 0) {
          openQuote = c;
          raw.append(c);
        } else if (c == format.delimiter()) {
          endField();
        } else if (c == '\n' || (c == '\r' && pos < text.length() && text.charAt(pos) == '\n')) {
          if (c == '\r') {
            pos++;
          }
          endRecord();
        } else {
          raw.append(c);
          value.append(c);
        }
      }
      if (openQuote != 0) {
        throw new CopyException("Missing closing quote " + openQuote + " in " + file + " at record "
            + (records.size() + 1) + " (REMOVEQUOTES)");
      }
      endRecord();
      return records;
    }

    private void endField() {
      fields.add(nulls.isNullString(raw.toString()) ? null : nulls.emptyOrBlankAsNull(value.toString()));
      raw.setLength(0);
      value.setLength(0);
    }

    private void endRecord() {
      if (!fields.isEmpty() || raw.length() > 0) {
        endField();
        records.add(fields);
        fields = new ArrayList<>();
      }
    }
  }
}
