package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyStatementParserTest {

  @Test
  void parsesTheLoaderStatementWithASpaceInTheManifestKeyAndOptionsOnSeveralLines() {
    CopyStatement copy = parse("COPY public.events from 's3://mf-bucket/redshift/manifest/manifest-2023-07-14 "
        + "11:35:12-417' with credentials as 'aws_access_key_id=ASIA;aws_secret_access_key=s;token=t' manifest "
        + " format json 'auto' \n");

    assertThat(copy.table()).isEqualTo("public.events");
    assertThat(copy.columns()).isEmpty();
    assertThat(copy.source())
        .isEqualTo(new S3Location("mf-bucket", "redshift/manifest/manifest-2023-07-14 11:35:12-417"));
    assertThat(copy.options().manifest()).isTrue();
    assertThat(copy.options().format()).isEqualTo(new DataFormat.JsonAuto(false));
    assertThat(copy.options().gzip()).isFalse();
  }

  @Test
  void parsesTheLoaderCsvStatement() {
    CopyStatement copy = parse("COPY public.events from 's3://b/m' with credentials as 'c' manifest format csv "
        + "delimiter '|'\n IGNOREHEADER 1 \nFILLRECORD EMPTYASNULL\n;");

    assertThat(copy.options().format()).isEqualTo(new DataFormat.Csv('|', '"'));
    assertThat(copy.options().ignoreHeader()).isEqualTo(1);
    assertThat(copy.options().fillRecord()).isTrue();
    assertThat(copy.options().nulls()).isEqualTo(new NullRules("\\N", true, false));
  }

  @Test
  void keepsTheColumnListAsWritten() {
    CopyStatement copy = parse("COPY \"Events\" (id, \"Level\", msg) FROM 's3://b/k' JSON 'auto'");

    assertThat(copy.table()).isEqualTo("\"Events\"");
    assertThat(copy.columns()).containsExactly("id", "\"Level\"", "msg");
  }

  @Test
  void readsAutoIgnoreCase() {
    assertThat(parse("COPY t FROM 's3://b/k' FORMAT AS JSON 'auto ignorecase'").options().format())
        .isEqualTo(new DataFormat.JsonAuto(true));
  }

  @Test
  void readsAJsonpathsFile() {
    assertThat(parse("COPY t FROM 's3://b/k' FORMAT JSON 's3://b/paths.json'").options().format())
        .isEqualTo(new DataFormat.JsonPaths(new S3Location("b", "paths.json")));
  }

  @Test
  void readsCsvWithItsQuoteCharacter() {
    assertThat(parse("COPY t FROM 's3://b/k' CSV QUOTE AS '%' DELIMITER AS '\\t'").options().format())
        .isEqualTo(new DataFormat.Csv('\t', '%'));
  }

  @Test
  void defaultsToPipeDelimitedText() {
    assertThat(parse("COPY t FROM 's3://b/k' GZIP").options().format())
        .isEqualTo(new DataFormat.Text('|', false, false));
  }

  @Test
  void readsTextFormatOptions() {
    CopyStatement copy = parse("copy t from 's3://b/k' delimiter ',' removequotes escape null as 'NULL' blanksasnull");

    assertThat(copy.options().format()).isEqualTo(new DataFormat.Text(',', true, true));
    assertThat(copy.options().nulls()).isEqualTo(new NullRules("NULL", false, true));
  }

  @Test
  void acceptsAndIgnoresAuthorisationRegionAndFormatsOfTimes() {
    CopyStatement copy = parse("COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::1:role/r' REGION AS 'eu-west-1' "
        + "TIMEFORMAT 'auto' DATEFORMAT AS 'YYYY-MM-DD' ACCESS_KEY_ID 'a' SECRET_ACCESS_KEY 's' SESSION_TOKEN 't' "
        + "COMPUPDATE OFF STATUPDATE ON ACCEPTINVCHARS GZIP");

    assertThat(copy.options().gzip()).isTrue();
  }

  @Test
  void acceptsTheDefaultIamRole() {
    assertThat(parse("COPY t FROM 's3://b/k' IAM_ROLE default JSON 'auto'").options().format())
        .isEqualTo(new DataFormat.JsonAuto(false));
  }

  @Test
  void ignoresCommentsBetweenOptions() {
    assertThat(parse("COPY t -- target\nFROM /* source */ 's3://b/k' MANIFEST").options().manifest()).isTrue();
  }

  @Test
  void leavesACopyFromStdinToPostgres() {
    assertThat(CopyStatementParser.parse("COPY t FROM STDIN WITH (FORMAT csv)")).isEmpty();
  }

  @Test
  void leavesACopyFromALocalFileToPostgres() {
    assertThat(CopyStatementParser.parse("COPY t (a) FROM '/tmp/data.csv' CSV")).isEmpty();
  }

  @Test
  void leavesOtherStatementsAlone() {
    assertThat(CopyStatementParser.parse("SELECT 'COPY t FROM ''s3://b/k'''")).isEmpty();
  }

  @Test
  void refusesAnOptionItDoesNotEmulate() {
    assertThatThrownBy(() -> parse("COPY t FROM 's3://b/k' JSON 'auto' TRUNCATECOLUMNS"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("COPY option 'TRUNCATECOLUMNS' is not supported");
  }

  @Test
  void refusesAFormatItDoesNotEmulate() {
    assertThatThrownBy(() -> parse("COPY t FROM 's3://b/k' FORMAT AS PARQUET"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("COPY format 'PARQUET' is not supported");
  }

  @Test
  void refusesJsonWithoutItsArgument() {
    assertThatThrownBy(() -> parse("COPY t FROM 's3://b/k' FORMAT AS JSON"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("JSON needs a quoted string argument");
  }

  @Test
  void refusesCsvTogetherWithRemoveQuotes() {
    assertThatThrownBy(() -> parse("COPY t FROM 's3://b/k' CSV REMOVEQUOTES"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("CSV is not compatible with ESCAPE or REMOVEQUOTES");
  }

  @Test
  void refusesAMultiCharacterDelimiter() {
    assertThatThrownBy(() -> parse("COPY t FROM 's3://b/k' DELIMITER '||'"))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("DELIMITER must be a single character");
  }

  @Test
  void parsesTheTokensOfOneStatementOfAScript() {
    String script = "begin; COPY t FROM 's3://b/k' MANIFEST; commit;";
    List<SqlToken> tokens = SqlLexer.tokenize(script);

    CopyStatement copy = CopyStatementParser.parse(script, tokens.subList(2, 7)).orElseThrow();

    assertThat(copy.source()).isEqualTo(new S3Location("b", "k"));
    assertThat(copy.options().manifest()).isTrue();
  }

  private static CopyStatement parse(String sql) {
    return CopyStatementParser.parse(sql).orElseThrow();
  }
}
