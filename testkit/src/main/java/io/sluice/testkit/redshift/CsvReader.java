package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code CSV} data: fields separated by the delimiter, optionally enclosed in the quote character, inside
 * which delimiters and line breaks are data and a doubled quote is one quote.
 *
 * <p>Blank lines are skipped; {@code IGNOREHEADER} skips leading records of every file.
 */
final class CsvReader implements RecordReader {

  private final char delimiter;
  private final char quote;
  private final int ignoreHeader;
  private final NullRules nulls;

  CsvReader(DataFormat.Csv format, int ignoreHeader, NullRules nulls) {
    this.delimiter = format.delimiter();
    this.quote = format.quote();
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
    private final StringBuilder field = new StringBuilder();
    private boolean fieldQuoted;
    private boolean recordStarted;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    List<List<String>> records(S3Location file) {
      boolean inQuotes = false;
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (inQuotes) {
          if (c != quote) {
            field.append(c);
          } else if (pos < text.length() && text.charAt(pos) == quote) {
            field.append(quote);
            pos++;
          } else {
            inQuotes = false;
          }
        } else if (c == quote && field.length() == 0 && !fieldQuoted) {
          inQuotes = true;
          fieldQuoted = true;
          recordStarted = true;
        } else if (c == delimiter) {
          endField();
          recordStarted = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
          }
          endRecord();
        } else {
          field.append(c);
          recordStarted = true;
        }
      }
      if (inQuotes) {
        throw new CopyException("Unterminated quoted field in " + file + " at record " + (records.size() + 1));
      }
      endRecord();
      return records;
    }

    private void endField() {
      String value = field.toString();
      fields.add(!fieldQuoted && nulls.isNullString(value) ? null : nulls.emptyOrBlankAsNull(value));
      field.setLength(0);
      fieldQuoted = false;
    }

    private void endRecord() {
      if (recordStarted) {
        endField();
        records.add(fields);
        fields = new ArrayList<>();
      }
      recordStarted = false;
    }
  }
}
