package io.sluice.testkit.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The COPY emulation, driven through the real Amazon Redshift JDBC driver as the loader will drive it. */
@ExtendWith({LocalS3Extension.class, LocalRedshiftExtension.class})
class CopyEmulationTest {

  private static final String CREDENTIALS =
      "'aws_access_key_id=ASIAEXAMPLE;aws_secret_access_key=example-secret;token=example-token'";

  private LocalRedshift redshift;
  private S3TestFiles files;
  private Connection connection;

  @BeforeEach
  void setUp(LocalS3 s3, LocalRedshift redshift) throws SQLException {
    this.redshift = redshift;
    this.files = new S3TestFiles(s3, "loads");
    this.connection = redshift.connect();
    execute("CREATE TABLE events (id integer, level varchar(16), msg varchar(4096), ts timestamp)");
  }

  @AfterEach
  void closeConnection() throws SQLException {
    connection.close();
  }

  @Test
  void manifestOfTwoJsonFilesLoadsEveryRecord() throws SQLException {
    String first = files.put("data/a.json", """
        {"id": 1, "level": "info", "msg": "one", "ts": "2023-07-14 11:35:12"}
        {"id": 2, "level": "warn", "msg": "two"}
        """);
    String second = files.put("data/b.json", "{\"id\": 3, \"level\": \"error\", \"msg\": \"three\"}");
    String manifest = files.putManifest("manifests/m1", first, second);

    execute("COPY events FROM '" + manifest + "' CREDENTIALS " + CREDENTIALS + " MANIFEST FORMAT AS JSON 'auto'");

    assertThat(queryOne("SELECT count(*) FROM events")).isEqualTo("3");
    assertThat(query("SELECT id, level, msg, ts FROM events ORDER BY id")).containsExactly(
        row("1", "info", "one", "2023-07-14 11:35:12"),
        row("2", "warn", "two", null),
        row("3", "error", "three", null));
  }

  @Test
  void updateCountIsTheNumberOfRowsLoaded() throws SQLException {
    String manifest = files.putManifest("manifests/m1",
        files.put("data/a.json", "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n"));

    try (Statement statement = connection.createStatement()) {
      assertThat(statement.executeUpdate("COPY events FROM '" + manifest + "' MANIFEST JSON 'auto'")).isEqualTo(3);
    }
  }

  @Test
  void gzipOptionLoadsGzippedFiles() throws SQLException {
    String manifest = files.putManifest("manifests/gz",
        files.putGzipped("data/a.json.gz", "{\"id\": 1}\n{\"id\": 2}\n"),
        files.putGzipped("data/b.json.gz", "{\"id\": 3}\n"));

    execute("COPY events FROM '" + manifest + "' MANIFEST FORMAT AS JSON 'auto' GZIP");

    assertThat(queryColumn("SELECT id FROM events ORDER BY id")).containsExactly("1", "2", "3");
  }

  @Test
  void gzipOptionAppliesToEveryFileSoAPlainFileFailsTheCopy() {
    String manifest = files.putManifest("manifests/mixed",
        files.putGzipped("data/a.json.gz", "{\"id\": 1}\n"),
        files.put("data/b.json", "{\"id\": 2}\n"));

    assertThatThrownBy(() -> execute("COPY events FROM '" + manifest + "' MANIFEST FORMAT AS JSON 'auto' GZIP"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("data/b.json is not in gzip format");
  }

  @Test
  void jsonAutoMatchesOnlyLowerCaseKeys() throws SQLException {
    String data = files.put("data/mixed-case.json", "{\"ID\": 7, \"Level\": \"info\", \"msg\": \"kept\"}");

    execute("COPY events FROM '" + data + "' FORMAT AS JSON 'auto'");

    assertThat(query("SELECT id, level, msg FROM events")).containsExactly(row(null, null, "kept"));
  }

  @Test
  void jsonAutoIgnoreCaseMatchesKeysOfAnyCase() throws SQLException {
    String data = files.put("data/mixed-case.json", "{\"ID\": 7, \"Level\": \"info\", \"MSG\": \"kept\"}");

    execute("COPY events FROM '" + data + "' FORMAT AS JSON 'auto ignorecase'");

    assertThat(query("SELECT id, level, msg FROM events")).containsExactly(row("7", "info", "kept"));
  }

  @Test
  void jsonpathsFileMapsEachPathOntoTheTableColumnsInOrder() throws SQLException {
    execute("CREATE TABLE picked (a varchar, b varchar, c varchar, d integer)");
    String data = files.put("data/nested.json",
        "{\"a\": \"top\", \"b\": {\"c\": \"dotted\"}, \"d\": {\"e\": \"bracketed\"}, \"arr\": [7, 8]}");
    String paths = files.put("jsonpaths.json",
        "{\"jsonpaths\": [\"$['a']\", \"$.b.c\", \"$['d']['e']\", \"$.arr[0]\"]}");

    execute("COPY picked FROM '" + data + "' FORMAT AS JSON '" + paths + "'");

    assertThat(query("SELECT a, b, c, d FROM picked")).containsExactly(row("top", "dotted", "bracketed", "7"));
  }

  @Test
  void jsonpathsFileMapsEachPathOntoTheColumnListInOrder() throws SQLException {
    String data = files.put("data/a.json", "{\"message\": \"hello\", \"severity\": \"warn\"}");
    String paths = files.put("jsonpaths.json", "{\"jsonpaths\": [\"$.message\", \"$['severity']\"]}");

    execute("COPY events (msg, level) FROM '" + data + "' JSON AS '" + paths + "'");

    assertThat(query("SELECT id, level, msg FROM events")).containsExactly(row(null, "warn", "hello"));
  }

  @Test
  void csvWithDelimiterAndIgnoreHeaderLoadsQuotedFields() throws SQLException {
    String data = files.put("data/events.csv", """
        id;level;msg
        1;"warn; loud";"said ""hi""\"
        2;info;"two
        lines"
        ;debug;
        """);

    execute("COPY events (id, level, msg) FROM '" + data + "' CSV DELIMITER ';' IGNOREHEADER 1");

    assertThat(query("SELECT id, level, msg FROM events ORDER BY id NULLS LAST")).containsExactly(
        row("1", "warn; loud", "said \"hi\""),
        row("2", "info", "two\nlines"),
        row(null, "debug", ""));
  }

  @Test
  void csvRecordWithTooFewFieldsFailsTheCopy() {
    String data = files.put("data/short.csv", "1,info\n");

    assertThatThrownBy(() -> execute("COPY events (id, level, msg) FROM '" + data + "' FORMAT AS CSV"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("XX000");
          assertThat(e.getMessage()).contains("record 1 of " + data + " has 2 fields but 3 columns are loaded");
        });
  }

  @Test
  void fillRecordPadsShortCsvRecordsWithNulls() throws SQLException {
    String data = files.put("data/short.csv", "1,info\n");

    execute("COPY events FROM '" + data + "' FORMAT AS CSV FILLRECORD");

    assertThat(query("SELECT id, level, msg, ts FROM events")).containsExactly(row("1", "info", null, null));
  }

  @Test
  void loaderScriptWithCredentialsAndASpaceInTheManifestKeyCommits() throws SQLException {
    String manifest = files.putManifest("redshift/manifest/manifest-2023-07-14 11:35:12-417",
        files.put("input/2023/07/14/a.json", "{\"id\": 1, \"msg\": \"loaded\"}\n"));

    // Built exactly as the Lambda loader builds its script (contract 3.2), sent as one Statement.execute.
    execute("set statement_timeout to 889000;\nbegin;\n"
        + "COPY public.events from '" + manifest + "' with credentials as " + CREDENTIALS
        + " manifest  format JSON 'auto' \n;\ncommit;");

    try (Connection other = redshift.connect(); Statement statement = other.createStatement();
        ResultSet rows = statement.executeQuery("SELECT msg FROM public.events")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("loaded");
    }
  }

  @Test
  void loaderCsvScriptSentAsOneSimpleQueryCommits() throws SQLException {
    String manifest = files.putManifest("redshift/manifest/manifest-2023-07-14 11:35:12-418",
        files.put("input/a.csv", "id|level|msg\n1|info|\n2||two\n"));
    Properties simpleQueries = redshift.connectionProperties();
    simpleQueries.setProperty("preferQueryMode", "simple");

    // The contract's CSV example; in simple mode the driver sends the whole script as one Query message.
    try (Connection simple = new com.amazon.redshift.Driver().connect(redshift.jdbcUrl(), simpleQueries);
        Statement statement = simple.createStatement()) {
      statement.execute("set statement_timeout to 889000;\nbegin;\n"
          + "COPY public.events from '" + manifest + "' with credentials as " + CREDENTIALS
          + " manifest format csv delimiter '|'\n IGNOREHEADER 1 \nFILLRECORD EMPTYASNULL\n;\ncommit;");
    }

    assertThat(query("SELECT id, level, msg FROM events ORDER BY id"))
        .containsExactly(row("1", "info", null), row("2", null, "two"));
  }

  @Test
  void textFormatWithRemoveQuotesAndEscapeLoadsDelimitersInsideFields() throws SQLException {
    String data = files.put("data/events.txt", "1|\"a|b\"|back\\|slash\n2|\\N|plain\n");

    execute("COPY events (id, level, msg) FROM '" + data + "' DELIMITER '|' REMOVEQUOTES ESCAPE");

    assertThat(query("SELECT id, level, msg FROM events ORDER BY id"))
        .containsExactly(row("1", "a|b", "back|slash"), row("2", null, "plain"));
  }

  @Test
  void iamRoleRegionAndTimeFormatsAreAcceptedAndIgnored() throws SQLException {
    String data = files.put("data/a.json", "{\"id\": 1, \"ts\": \"2023-07-14T11:35:12\"}");

    execute("copy events from '" + data + "'\n iam_role 'arn:aws:iam::123456789012:role/loader'\n"
        + " format as json 'auto' region 'us-east-1' timeformat 'auto' dateformat 'auto'");

    assertThat(query("SELECT id, ts FROM events")).containsExactly(row("1", "2023-07-14 11:35:12"));
  }

  @Test
  void keyPrefixWithoutManifestLoadsEveryObjectUnderIt() throws SQLException {
    files.put("batch/part-1.json", "{\"id\": 1}");
    files.put("batch/part-2.json", "{\"id\": 2}");
    files.put("other/part-3.json", "{\"id\": 3}");

    execute("COPY events FROM '" + files.url("batch/part-") + "' FORMAT AS JSON 'auto'");

    assertThat(queryColumn("SELECT id FROM events ORDER BY id")).containsExactly("1", "2");
  }

  @Test
  void missingMandatoryFileFailsTheCopyAndRollsBackTheTransaction() throws SQLException {
    String manifest = files.put("manifests/broken", "{\"entries\": ["
        + S3TestFiles.entry(files.put("data/a.json", "{\"id\": 1}"), true) + ","
        + S3TestFiles.entry(files.url("data/missing.json"), true) + "]}");
    connection.setAutoCommit(false);
    execute("INSERT INTO events (id, msg) VALUES (100, 'tracking row')");

    assertThatThrownBy(() -> execute("COPY events FROM '" + manifest + "' MANIFEST FORMAT AS JSON 'auto'"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("XX000");
          assertThat(e.getMessage()).contains("S3ServiceException:The specified key does not exist.");
        });
    connection.rollback();
    connection.setAutoCommit(true);

    assertThat(queryOne("SELECT count(*) FROM events")).isEqualTo("0");
  }

  @Test
  void missingOptionalFileIsSkipped() throws SQLException {
    String manifest = files.put("manifests/optional", "{\"entries\": ["
        + S3TestFiles.entry(files.put("data/a.json", "{\"id\": 1}"), true) + ","
        + S3TestFiles.entry(files.url("data/missing.json"), false) + "]}");

    execute("COPY events FROM '" + manifest + "' MANIFEST FORMAT AS JSON 'auto'");

    assertThat(queryColumn("SELECT id FROM events")).containsExactly("1");
  }

  @Test
  void emptyKeyPrefixFailsTheCopy() {
    assertThatThrownBy(() -> execute("COPY events FROM '" + files.url("nothing/here") + "' FORMAT AS JSON 'auto'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("The specified S3 prefix 'nothing/here' does not exist");
  }

  @Test
  void valuesWithQuotesDollarsBackslashesUnicodeAndNewlinesRoundTrip() throws SQLException {
    String tricky = "it's \"quoted\" $$ $sluice_0$ \\ back\\slash ünïcødé ✓ 🚀\nsecond line\t';--";
    String data = files.put("data/tricky.json",
        "{\"id\": 1, \"msg\": " + new ObjectMapper().valueToTree(tricky) + "}");

    execute("COPY events FROM '" + data + "' FORMAT AS JSON 'auto'");

    assertThat(queryOne("SELECT msg FROM events")).isEqualTo(tricky);
  }

  @Test
  void nestedJsonValuesLoadAsJsonText() throws SQLException {
    String data = files.put("data/nested.json", "{\"id\": 1, \"msg\": {\"k\": [1, \"two\", null]}}");

    execute("COPY events FROM '" + data + "' FORMAT AS JSON 'auto'");

    assertThat(queryOne("SELECT msg FROM events")).isEqualTo("{\"k\":[1,\"two\",null]}");
  }

  @Test
  void copyThroughPreparedStatementLoads() throws SQLException {
    String data = files.put("data/a.json", "{\"id\": 1}");

    try (PreparedStatement copy = connection.prepareStatement("COPY events FROM '" + data + "' JSON 'auto'")) {
      assertThat(copy.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void reExecutingAServerPreparedCopyReadsTheFilesAgain() throws SQLException {
    String data = files.put("data/a.json", "{\"id\": 1}");

    try (Connection prepared = connectWithServerPreparedStatements();
        PreparedStatement copy = prepared.prepareStatement("COPY events FROM '" + data + "' JSON 'auto'")) {
      copy.executeUpdate();
      files.put("data/a.json", "{\"id\": 2}");
      copy.executeUpdate();
    }

    assertThat(queryColumn("SELECT id FROM events ORDER BY id")).containsExactly("1", "2");
  }

  @Test
  void reExecutingAServerPreparedCopyInsideATransactionFailsInsteadOfLoadingStaleData() throws SQLException {
    String data = files.put("data/a.json", "{\"id\": 1}");

    try (Connection prepared = connectWithServerPreparedStatements();
        PreparedStatement copy = prepared.prepareStatement("COPY events FROM '" + data + "' JSON 'auto'")) {
      prepared.setAutoCommit(false);
      copy.executeUpdate();

      assertThatThrownBy(copy::executeUpdate)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("COPY re-executed: data is read at Parse; use prepareThreshold=0");
      prepared.rollback();
    }
  }

  @Test
  void unsupportedOptionFailsTheStatementInsteadOfBeingIgnored() {
    String data = files.put("data/a.parquet", "not really parquet");

    assertThatThrownBy(() -> execute("COPY events FROM '" + data + "' FORMAT AS PARQUET"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("COPY format 'PARQUET' is not supported by the local Redshift emulation");
  }

  @Test
  void statementOtherThanCopyFromS3PassesThroughUntouched() throws SQLException {
    String text = "COPY events FROM 's3://loads/data/a.json' FORMAT AS JSON 'auto'; -- not a comment";

    assertThat(queryOne("SELECT $x$" + text + "$x$ /* ; COPY */")).isEqualTo(text);
  }

  /** The driver names a statement on the server from its first execution on, and then only re-binds it. */
  private Connection connectWithServerPreparedStatements() throws SQLException {
    Properties alwaysPrepare = redshift.connectionProperties();
    alwaysPrepare.setProperty("prepareThreshold", "1");
    return new com.amazon.redshift.Driver().connect(redshift.jdbcUrl(), alwaysPrepare);
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String queryOne(String sql) throws SQLException {
    List<List<String>> rows = query(sql);
    assertThat(rows).hasSize(1);
    return rows.get(0).get(0);
  }

  private List<String> queryColumn(String sql) throws SQLException {
    return query(sql).stream().map(row -> row.get(0)).toList();
  }

  private List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> row(String... values) {
    return Arrays.asList(values);
  }
}
