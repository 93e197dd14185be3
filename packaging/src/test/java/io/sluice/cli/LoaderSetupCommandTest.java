package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.kms.LocalKms;
import io.sluice.testkit.kms.LocalKmsExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue.Type;

@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalKmsExtension.class})
class LoaderSetupCommandTest {

  private static final String JSON_PREFIX = "bkt/logs/app.access";
  private static final String CSV_PREFIX = "bkt/logs/app.csv";
  private static final String PASSWORD = "redshift-password-value";
  private static final String COPY_SECRET = "copy-secret-access-key";
  private static final String MASTER_KEY = "master-symmetric-key-value";
  /** What the Lambda's kmsCrypto puts in the encryption context, with this file's kms_region (contract 4). */
  private static final Map<String, String> LAMBDA_CONTEXT =
      Map.of("module", "AWSLambdaRedshiftLoader", "region", "eu-west-1");

  @TempDir
  Path dir;

  private DynamoDbClient dynamo;
  private LocalKms kms;
  private LambdaTracker lambda;
  private AdminConfigFile config;

  @BeforeEach
  void setUp(LocalDynamoDb ddb, LocalS3 s3, LocalKms kms) throws Exception {
    this.dynamo = ddb.client();
    this.kms = kms;
    config = AdminConfigFile.write(dir, ddb, s3, """
        kms_region: eu-west-1
        kms:
          endpoint: %s
          credentials: {access_key_id: AKIDSLUICELOCALKMS, secret_access_key: "${TEST_KMS_SECRET}"}
        loads:
          - s3_prefix: %s
            data_format: json
            json_paths: s3://bkt/jsonpaths/access.json
            filename_filter: "\\\\.json$"
            compression: GZIP
            copy_options: "TIMEFORMAT 'auto'"
            batch: {size: 50, bytes: 1GiB, timeout: 5m}
            manifest: {bucket: manifests-bkt, prefix: redshift/manifest, failed_prefix: redshift/failed}
            copy_credentials:
              access_key_id: AKIACOPYEXAMPLE
              secret_access_key: "${TEST_COPY_SECRET}"
              master_symmetric_key: "${TEST_MASTER_KEY}"
            notifications:
              success_topic_arn: arn:aws:sns:eu-west-1:123456789012:loaded
              failure_topic_arn: arn:aws:sns:eu-west-1:123456789012:failed
            clusters:
              - endpoint: analytics.abc123.eu-west-1.redshift.amazonaws.com
                database: analytics
                user: loader
                password: "${TEST_REDSHIFT_PASSWORD}"
                target_table: public.access
                column_list: ts, host, path
                pre_sql: delete from public.access_staging
                post_sql: analyze public.access
          - s3_prefix: %s
            data_format: csv
            csv_delimiter: "|"
            ignore_csv_header: true
            manifest: {bucket: manifests-bkt}
            copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/redshift-copy"}
            clusters:
              - endpoint: analytics.abc123.eu-west-1.redshift.amazonaws.com
                user: loader
                password: "${TEST_REDSHIFT_PASSWORD}"
                target_table: public.csv_rows
        """.formatted(kms.endpoint(), JSON_PREFIX, CSV_PREFIX), Map.of(
        "TEST_KMS_SECRET", "any-secret",
        "TEST_REDSHIFT_PASSWORD", PASSWORD,
        "TEST_COPY_SECRET", COPY_SECRET,
        "TEST_MASTER_KEY", MASTER_KEY));
    lambda = LambdaTracker.existing(dynamo);
  }

  /** What the Lambda's kmsCrypto.decrypt gets back for a value setup stored. */
  private String lambdaDecrypt(AttributeValue stored) {
    return kms.client().decrypt(r -> r.encryptionContext(LAMBDA_CONTEXT)
        .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(stored.s())))).plaintext().asUtf8String();
  }

  private static Map<String, Type> types(Map<String, AttributeValue> item) {
    Map<String, Type> types = new TreeMap<>();
    item.forEach((name, value) -> types.put(name, value.type()));
    return types;
  }

  @Test
  void writesEveryLambdaAttributeWithItsTypeAndSecretsTheLambdaCanDecrypt() {
    CliRun run = config.run("loader", "setup", "--kms-key");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, AttributeValue> item = lambda.rawConfig(JSON_PREFIX);
    assertThat(types(item)).containsAllEntriesOf(Map.ofEntries(
        Map.entry("s3Prefix", Type.S), Map.entry("currentBatch", Type.S), Map.entry("version", Type.S),
        Map.entry("loadClusters", Type.L), Map.entry("filenameFilterRegex", Type.S), Map.entry("dataFormat", Type.S),
        Map.entry("jsonPath", Type.S), Map.entry("manifestBucket", Type.S), Map.entry("manifestKey", Type.S),
        Map.entry("failedManifestKey", Type.S), Map.entry("accessKeyForS3", Type.S),
        Map.entry("secretKeyForS3", Type.S), Map.entry("masterSymmetricKey", Type.S),
        Map.entry("successTopicARN", Type.S), Map.entry("failureTopicARN", Type.S), Map.entry("batchSize", Type.N),
        Map.entry("batchSizeBytes", Type.N), Map.entry("batchTimeoutSecs", Type.N), Map.entry("copyOptions", Type.S),
        Map.entry("compression", Type.S)));
    assertThat(item.get("currentBatch").s()).as("a lower-case UUID v4")
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(item.get("version").s()).isEqualTo("2.8.3");
    assertThat(item.get("dataFormat").s()).isEqualTo("JSON");
    assertThat(item.get("batchSize").n()).isEqualTo("50");
    assertThat(item.get("batchSizeBytes").n()).isEqualTo("1073741824");
    assertThat(item.get("batchTimeoutSecs").n()).isEqualTo("300");
    assertThat(item.get("manifestKey").s()).isEqualTo("redshift/manifest");
    List<AttributeValue> clusters = item.get("loadClusters").l();
    assertThat(clusters).hasSize(1);
    assertThat(types(clusters.get(0).m())).isEqualTo(new TreeMap<>(Map.ofEntries(
        Map.entry("clusterEndpoint", Type.S), Map.entry("clusterPort", Type.N), Map.entry("clusterDB", Type.S),
        Map.entry("useSSL", Type.BOOL), Map.entry("connectUser", Type.S), Map.entry("connectPassword", Type.S),
        Map.entry("targetTable", Type.S), Map.entry("columnList", Type.S), Map.entry("truncateTarget", Type.BOOL),
        Map.entry("presql", Type.S), Map.entry("postsql", Type.S))));
    assertThat(clusters.get(0).m().get("clusterPort").n()).isEqualTo("5439");
    assertThat(lambdaDecrypt(clusters.get(0).m().get("connectPassword"))).isEqualTo(PASSWORD);
    assertThat(lambdaDecrypt(item.get("secretKeyForS3"))).isEqualTo(COPY_SECRET);
    assertThat(lambdaDecrypt(item.get("masterSymmetricKey"))).isEqualTo(MASTER_KEY);

    Map<String, AttributeValue> csv = lambda.rawConfig(CSV_PREFIX);
    assertThat(csv.get("dataFormat").s()).isEqualTo("CSV");
    assertThat(csv.get("csvDelimiter").s()).isEqualTo("|");
    assertThat(csv.get("ignoreCsvHeader").bool()).isTrue();
  }

  @Test
  void createsTheTablesWithTheLambdasKeysAndIndex() {
    config.run("loader", "setup");

    assertThat(dynamo.describeTable(r -> r.tableName("LambdaRedshiftBatches")).table().globalSecondaryIndexes())
        .extracting(index -> index.indexName()).containsExactly("LambdaRedshiftBatchStatus");
    assertThat(dynamo.describeTable(r -> r.tableName("LambdaRedshiftProcessedFiles")).table().keySchema())
        .extracting(key -> key.attributeName()).containsExactly("loadFile");
  }

  @Test
  void createsTheKmsKeyAliasTheLambdaUsesWhenItIsMissing() {
    config.run("loader", "setup", "--kms-key");

    assertThat(kms.client().describeKey(r -> r.keyId("alias/LambdaRedshiftLoaderKey")).keyMetadata().description())
        .isEqualTo("Lambda Redshift Loader Master Encryption Key");
  }

  @Test
  void aSecondRunKeepsTheOpenBatchOfEachConfig() {
    config.run("loader", "setup", "--kms-key");
    String openBatch = lambda.rawConfig(JSON_PREFIX).get("currentBatch").s();

    CliRun again = config.run("loader", "setup", "--kms-key");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(lambda.rawConfig(JSON_PREFIX).get("currentBatch").s()).isEqualTo(openBatch);
    assertThat(again.out()).contains("Config " + JSON_PREFIX + ": updated, currentBatch " + openBatch + " kept");
  }

  @Test
  void printsWhatItWroteWithoutAnySecret() {
    CliRun run = config.run("loader", "setup", "--kms-key");

    String currentBatch = lambda.rawConfig(CSV_PREFIX).get("currentBatch").s();
    assertThat(run.out()).doesNotContain(PASSWORD, COPY_SECRET, MASTER_KEY)
        .startsWith("Tables ready: LambdaRedshiftBatchLoadConfig, LambdaRedshiftBatches, "
            + "LambdaRedshiftProcessedFiles (missing ones created, billing on_demand)\n")
        .contains("""

            Config bkt/logs/app.csv: created, currentBatch %s new
              batchSize                        100
              batchTimeoutSecs                 300
              csvDelimiter                     |
              currentBatch                     %s
              dataFormat                       CSV
              failedManifestKey                manifests/failed
              iamRole                          arn:aws:iam::123456789012:role/redshift-copy
              ignoreCsvHeader                  true
              loadClusters[0].clusterEndpoint  analytics.abc123.eu-west-1.redshift.amazonaws.com
              loadClusters[0].clusterPort      5439
              loadClusters[0].connectPassword  <KMS ciphertext>
              loadClusters[0].connectUser      loader
              loadClusters[0].targetTable      public.csv_rows
              loadClusters[0].truncateTarget   false
              loadClusters[0].useSSL           true
              manifestBucket                   manifests-bkt
              manifestKey                      manifests
              s3Prefix                         bkt/logs/app.csv
              version                          2.8.3
            """.formatted(currentBatch, currentBatch))
        .endsWith("Secrets were encrypted with alias/LambdaRedshiftLoaderKey, encryption context region "
            + "eu-west-1.\n");
  }

  @Test
  void withoutKmsKeyNoSecretIsWritten() throws Exception {
    CliRun run = config.run("loader", "setup", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, AttributeValue> item = lambda.rawConfig(JSON_PREFIX);
    assertThat(item).doesNotContainKeys("secretKeyForS3", "masterSymmetricKey");
    assertThat(item.get("loadClusters").l().get(0).m()).doesNotContainKey("connectPassword");
    JsonNode document = new ObjectMapper().readTree(run.out());
    assertThat(document.get("kmsContextRegion").isNull()).isTrue();
    assertThat(document.get("configs")).extracting(c -> c.get("s3Prefix").asText())
        .containsExactly(JSON_PREFIX, CSV_PREFIX);
    assertThat(document.at("/configs/0/created").asBoolean()).isTrue();
    assertThat(document.at("/configs/0/item/version").asText()).isEqualTo("2.8.3");
    assertThat(document.at("/configs/0/item/loadClusters/0/clusterPort").isNumber()).as("plain JSON").isTrue();
  }
}
