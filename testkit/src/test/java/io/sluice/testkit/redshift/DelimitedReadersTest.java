package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV and delimited-text parsing on literal file contents. */
class DelimitedReadersTest {

  private static final S3Location FILE = new S3Location("b", "k");

  @Test
  void csvQuotedFieldsKeepDelimitersLineBreaksAndDoubledQuotes() {
    assertThat(csv(',', "a,\"b,c\",\"line\nbreak\",\"say \"\"hi\"\"\"\n"))
        .containsExactly(row("a", "b,c", "line\nbreak", "say \"hi\""));
  }

  @Test
  void csvAcceptsWindowsLineEndingsAndSkipsBlankLines() {
    assertThat(csv(',', "a,b\r\n\r\nc,d")).containsExactly(row("a", "b"), row("c", "d"));
  }

  @Test
  void csvUnquotedNullStringIsNullButQuotedOneIsText() {
    assertThat(csv('|', "\\N|\"\\N\"|")).containsExactly(row(null, "\\N", ""));
  }

  @Test
  void csvUnterminatedQuoteFailsTheCopy() {
    assertThatThrownBy(() -> csv(',', "a,\"open\n"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("Unterminated quoted field in s3://b/k at record 1");
  }

  @Test
  void ignoreHeaderSkipsLeadingRecords() {
    List<ObjectNode> rows = new CsvReader(new DataFormat.Csv(',', '"'), 2, NullRules.DEFAULT)
        .read(FILE, "h1\nh2\nx\n");

    assertThat(fields(rows)).containsExactly(row("x"));
    assertThat(rows.get(0).get(PositionalRow.RECORD).asInt()).isEqualTo(3);
  }

  @Test
  void textSplitsAtTheDelimiterOnly() {
    assertThat(text(false, false, "a|\"b|c\"|d\\|e\n")).containsExactly(row("a", "\"b", "c\"", "d\\", "e"));
  }

  @Test
  void textEscapeMakesDelimiterBackslashAndLineBreakData() {
    assertThat(text(true, false, "a\\|b|c\\\\d|e\\\nf\n")).containsExactly(row("a|b", "c\\d", "e\nf"));
  }

  @Test
  void textRemoveQuotesKeepsDelimitersInsideQuotes() {
    assertThat(text(false, true, "\"a|b\"|'c'|d\n")).containsExactly(row("a|b", "c", "d"));
  }

  @Test
  void textNullStringIsComparedBeforeUnescaping() {
    assertThat(text(true, false, "\\N|N\n")).containsExactly(row(null, "N"));
  }

  @Test
  void emptyAsNullAndBlanksAsNullApplyToEveryField() {
    NullRules rules = new NullRules("\\N", true, true);

    List<ObjectNode> rows = new DelimitedTextReader(new DataFormat.Text('|', false, false), 0, rules)
        .read(FILE, "|  |x\n");

    assertThat(fields(rows)).containsExactly(row(null, null, "x"));
  }

  private static List<List<String>> csv(char delimiter, String content) {
    return fields(new CsvReader(new DataFormat.Csv(delimiter, '"'), 0, NullRules.DEFAULT).read(FILE, content));
  }

  private static List<List<String>> text(boolean escape, boolean removeQuotes, String content) {
    return fields(new DelimitedTextReader(new DataFormat.Text('|', escape, removeQuotes), 0, NullRules.DEFAULT)
        .read(FILE, content));
  }

  private static List<List<String>> fields(List<ObjectNode> rows) {
    List<List<String>> records = new ArrayList<>();
    for (ObjectNode row : rows) {
      List<String> values = new ArrayList<>();
      for (JsonNode field : row.get(PositionalRow.FIELDS)) {
        values.add(field.isNull() ? null : field.asText());
      }
      records.add(values);
    }
    return records;
  }

  private static List<String> row(String... values) {
    return Arrays.asList(values);
  }
}
