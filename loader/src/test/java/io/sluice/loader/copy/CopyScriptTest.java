package io.sluice.loader.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.CopyCredentials;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.loader.LoadConfig.DataFormat;
import io.sluice.config.loader.ManifestConfig;
import io.sluice.loader.manifest.ManifestLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyScriptTest {

  private static final ManifestLocation MANIFEST =
      new ManifestLocation("mf-bucket", "manifests/manifest-2026-11-25 15:04:05-42");
  private static final CopyAuthorization AUTH = CopyAuthorization.of(
      new CopyCredentials(null, "AKIAEXAMPLE", Secret.of("s3cr3t"), null), null, null, null);
  private static final String HEAD = "COPY public.events FROM 's3://mf-bucket/manifests/manifest-2026-11-25 15:04:05-42' "
      + "CREDENTIALS 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=s3cr3t' MANIFEST ";

  private static LoadConfig load(DataFormat format, String jsonPaths, String delimiter, boolean header,
      String compression, String copyOptions) {
    return new LoadConfig("bkt/logs", List.of(cluster("public.events", null)), format, jsonPaths, delimiter, header,
        null, compression, copyOptions, null, new ManifestConfig("mf-bucket", "manifests", null), null, null);
  }

  private static LoadConfig json() {
    return load(DataFormat.JSON, null, null, false, null, null);
  }

  private static ClusterConfig cluster(String table, String columns) {
    return new ClusterConfig(null, "analytics.example.com", null, "dev", false, "loader", Secret.of("pw"), table,
        columns, null, null, null);
  }

  private static ClusterConfig cluster(boolean truncate, String preSql, String postSql) {
    return new ClusterConfig(null, "analytics.example.com", null, "dev", false, "loader", Secret.of("pw"),
        "public.events", null, truncate, preSql, postSql);
  }

  private static String copy(LoadConfig load) {
    return CopyScript.of(load, cluster("public.events", null), MANIFEST, AUTH).statements().get(0);
  }

  @Test
  void jsonAuto() {
    assertThat(copy(json())).isEqualTo(HEAD + "FORMAT AS JSON 'auto'");
  }

  @Test
  void jsonPathsFile() {
    assertThat(copy(load(DataFormat.JSON, "s3://cfg/paths.json", null, false, null, null)))
        .isEqualTo(HEAD + "FORMAT AS JSON 's3://cfg/paths.json'");
  }

  @Test
  void avroAutoAndJsonPaths() {
    assertThat(copy(load(DataFormat.AVRO, null, null, false, null, null))).isEqualTo(HEAD + "FORMAT AS AVRO 'auto'");
    assertThat(copy(load(DataFormat.AVRO, "s3://cfg/paths.json", null, false, null, null)))
        .isEqualTo(HEAD + "FORMAT AS AVRO 's3://cfg/paths.json'");
  }

  @Test
  void csvWithDelimiterAndHeaderAndCopyOptions() {
    assertThat(copy(load(DataFormat.CSV, null, "|", true, null, "FILLRECORD EMPTYASNULL")))
        .isEqualTo(HEAD + "FORMAT AS CSV DELIMITER '|' IGNOREHEADER 1 FILLRECORD EMPTYASNULL");
  }

  @Test
  void csvWithoutHeader() {
    assertThat(copy(load(DataFormat.CSV, null, ",", false, null, null)))
        .isEqualTo(HEAD + "FORMAT AS CSV DELIMITER ','");
  }

  @Test
  void removeQuotesOrEscapeInTheOptionsOmitFormatAsCsv() {
    assertThat(copy(load(DataFormat.CSV, null, "\t", false, null, "removequotes")))
        .isEqualTo(HEAD + "DELIMITER '\t' removequotes");
    assertThat(copy(load(DataFormat.CSV, null, ",", true, null, "ESCAPE")))
        .isEqualTo(HEAD + "DELIMITER ',' IGNOREHEADER 1 ESCAPE");
  }

  @Test
  void parquetAndOrcAreSeparatedFromWhatFollows() {
    assertThat(copy(load(DataFormat.PARQUET, null, null, false, null, "SERIALIZETOJSON")))
        .isEqualTo(HEAD + "FORMAT AS PARQUET SERIALIZETOJSON");
    assertThat(copy(load(DataFormat.ORC, null, null, false, null, null))).isEqualTo(HEAD + "FORMAT AS ORC");
  }

  @Test
  void compressionThenOptionsThenEncrypted() {
    CopyAuthorization encrypted = CopyAuthorization.of(
        new CopyCredentials(null, "AKIAEXAMPLE", Secret.of("s3cr3t"), Secret.of("bWFzdGVy")), null, null, null);

    String copy = CopyScript.of(load(DataFormat.JSON, null, null, false, "gzip", "TIMEFORMAT 'auto'"),
        cluster("public.events", null), MANIFEST, encrypted).statements().get(0);

    assertThat(copy).isEqualTo("COPY public.events FROM 's3://mf-bucket/manifests/manifest-2026-11-25 15:04:05-42' "
        + "CREDENTIALS 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=s3cr3t;master_symmetric_key=bWFzdGVy' "
        + "MANIFEST FORMAT AS JSON 'auto' GZIP TIMEFORMAT 'auto' ENCRYPTED");
  }

  @Test
  void columnListFollowsTheTable() {
    String copy = CopyScript.of(json(), cluster("\"Analytics\".events", "id, level ,\"Msg\""), MANIFEST, AUTH)
        .statements().get(0);

    assertThat(copy).startsWith("COPY \"Analytics\".events (id, level ,\"Msg\") FROM 's3://");
  }

  @Test
  void presqlTruncateCopyPostsqlInOrderWithoutTrailingSemicolons() {
    CopyScript script = CopyScript.of(json(),
        cluster(true, "create temp table staging (like public.events);", "insert into audit values (1); "), MANIFEST,
        AUTH);

    assertThat(script.statements()).containsExactly(
        "create temp table staging (like public.events)",
        "truncate table public.events",
        HEAD + "FORMAT AS JSON 'auto'",
        "insert into audit values (1)");
  }

  @Test
  void onlyTheCopyWhenNothingElseIsConfigured() {
    assertThat(CopyScript.of(json(), cluster(false, null, " ; "), MANIFEST, AUTH).statements()).hasSize(1);
  }

  @Test
  void redactedScriptHidesTheCredentials() {
    CopyScript script = CopyScript.of(json(), cluster(true, null, null), MANIFEST, AUTH);

    assertThat(script.redacted()).isEqualTo("truncate table public.events;\n"
        + "COPY public.events FROM 's3://mf-bucket/manifests/manifest-2026-11-25 15:04:05-42' CREDENTIALS '***' "
        + "MANIFEST FORMAT AS JSON 'auto';");
    assertThat(script.toString()).isEqualTo(script.redacted()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE");
  }

  @Test
  void quoteInJsonPathsIsRefused() {
    assertThatThrownBy(() -> copy(load(DataFormat.JSON, "s3://cfg/p\\'; drop table x; --", null, false, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("json_paths");
  }

  @Test
  void quoteInJsonPathsIsDoubledWhenItCannotEscape() {
    assertThat(copy(load(DataFormat.JSON, "s3://cfg/it's.json", null, false, null, null)))
        .isEqualTo(HEAD + "FORMAT AS JSON 's3://cfg/it''s.json'");
  }

  @Test
  void tableNameWithASemicolonIsRefused() {
    assertThatThrownBy(() -> CopyScript.of(json(), cluster("events; drop table users", null), MANIFEST, AUTH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target_table");
    assertThatThrownBy(() -> CopyScript.of(json(), cluster("events", "id) FROM 's3://x'; --"), MANIFEST, AUTH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column_list");
  }

  @Test
  void copyOptionsThatCouldEndTheStatementAreRefused() {
    for (String options : List.of("EMPTYASNULL; drop table users", "EMPTYASNULL -- comment", "/* x */",
        "NULL AS 'unterminated", "\"x\"", "$a$'$a$", "NULL AS 'a\\'; drop table users; --'")) {
      assertThatThrownBy(() -> copy(load(DataFormat.JSON, null, null, false, null, options)))
          .as(options)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("copy_options");
    }
  }

  @Test
  void copyOptionsMayHoldLiteralsWithSemicolonsAndBackslashes() {
    assertThat(copy(load(DataFormat.CSV, null, ",", false, null, "NULL AS '\\N' TIMEFORMAT 'a;b''c'")))
        .isEqualTo(HEAD + "FORMAT AS CSV DELIMITER ',' NULL AS '\\N' TIMEFORMAT 'a;b''c'");
  }

  @Test
  void csvWithoutDelimiterOrUnknownCompressionIsRefused() {
    assertThatThrownBy(() -> copy(load(DataFormat.CSV, null, null, false, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("csv_delimiter");
    assertThatThrownBy(() -> copy(load(DataFormat.JSON, null, null, false, "GZIP; drop", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compression");
  }
}
