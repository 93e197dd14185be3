package io.sluice.loader.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ByteSize;
import io.sluice.config.Secret;
import io.sluice.config.loader.BatchRules;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.CopyCredentials;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.loader.LoadConfig.DataFormat;
import io.sluice.config.loader.ManifestConfig;
import io.sluice.config.loader.Notifications;
import io.sluice.config.tracker.TrackerConfig.BillingMode;
import io.sluice.config.tracker.TrackerConfig.TableNames;
import io.sluice.loader.secrets.SecretCipher;
import io.sluice.testkit.dynamodb.LambdaTrackerItems;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class ConfigTableTest {

  private static final TableNames TABLES = new TableNames(null, null, null);
  private static final String PREFIX = "bkt/logs/app.access";
  private static final String BATCH = "6f1c2a3e-0b7d-4c55-9a41-2d3e4f5a6b7c";
  private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  private static final String ENDPOINT = "analytics.abc123.us-east-1.redshift.amazonaws.com";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T15:04:05.123Z"), ZoneOffset.UTC);

  /** Stands in for KMS: reversible and visibly not the plaintext. */
  private static final SecretCipher CIPHER = new SecretCipher() {
    @Override
    public String encrypt(String plaintext) {
      return Base64.getEncoder().encodeToString(("enc:" + plaintext).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decrypt(String base64Ciphertext) {
      return new String(Base64.getDecoder().decode(base64Ciphertext), StandardCharsets.UTF_8).substring(4);
    }
  };

  private DynamoDbClient client;
  private ConfigTable configs;

  @BeforeEach
  void createTables(LocalDynamoDb ddb) {
    client = ddb.client();
    new TrackerTables(client, TABLES, BillingMode.ON_DEMAND).createIfMissing();
    configs = new ConfigTable(client, TABLES, CLOCK);
  }

  private static String encrypted(String plaintext) {
    return CIPHER.encrypt(plaintext);
  }

  private static ClusterConfig cluster(Secret password) {
    return new ClusterConfig(null, ENDPOINT, 5439, "analytics", true, "loader", password, "public.access",
        "ts, level, msg", false, "set query_group to 'loads'", "analyze public.access");
  }

  /** A CSV load setting every attribute of the mapping except those of JSON and IAM roles. */
  private static LoadConfig csvLoad(ClusterConfig cluster) {
    return new LoadConfig(PREFIX, List.of(cluster), DataFormat.CSV, null, "|", true, "\\.csv(\\.gz)?$", "GZIP",
        "FILLRECORD EMPTYASNULL", new BatchRules(50, ByteSize.ofMebibytes(64), Duration.ofMinutes(5)),
        new ManifestConfig("manifests-bkt", "redshift/manifest", "redshift/failed"),
        new CopyCredentials(null, "AKIAEXAMPLE", Secret.of("s3-secret"), Secret.of("master-key")),
        new Notifications("arn:aws:sns:us-east-1:123456789012:loaded", "arn:aws:sns:us-east-1:123456789012:failed"));
  }

  private static LoadConfig jsonLoad(ClusterConfig cluster) {
    return new LoadConfig(PREFIX, List.of(cluster), DataFormat.JSON, "s3://manifests-bkt/jsonpaths.json", null, null,
        null, null, null, null, new ManifestConfig("manifests-bkt", null, null),
        new CopyCredentials("arn:aws:iam::123456789012:role/redshift-copy", null, null, null), null);
  }

  private Map<String, AttributeValue> raw() {
    return client.getItem(r -> r.tableName(TABLES.config()).consistentRead(true)
        .key(Map.of("s3Prefix", AttributeValue.fromS(PREFIX)))).item();
  }

  /** A config item as the Lambda's setup.js writes it. */
  private void putLambdaConfig(String version, String connectPassword) {
    Map<String, AttributeValue> item = LambdaTrackerItems.config(PREFIX, BATCH, version, ENDPOINT, connectPassword);
    item.put("lastBatchRotation", AttributeValue.fromS("2026-11-24 10:00:00"));
    client.putItem(r -> r.tableName(TABLES.config()).item(item));
  }

  @Test
  void readReturnsTheTypedValuesAndTheWholeItem() {
    putLambdaConfig("2.8.3", "c2VjcmV0");

    ConfigItem item = configs.read(PREFIX).orElseThrow();

    assertThat(item.currentBatch()).isEqualTo(BATCH);
    assertThat(item.version()).isEqualTo("2.8.3");
    assertThat(item.batchSize()).isEqualTo(100);
    assertThat(item.batchSizeBytes()).isNull();
    assertThat(item.item()).containsEntry("lastBatchRotation", AttributeValue.fromS("2026-11-24 10:00:00"));
    assertThat(configs.read("bkt/none")).isEmpty();
  }

  @Test
  void scanReadsEveryConfig() {
    putLambdaConfig("2.8.3", "c2VjcmV0");
    client.putItem(r -> r.tableName(TABLES.config()).item(Map.of("s3Prefix", AttributeValue.fromS("bkt/other"),
        "currentBatch", AttributeValue.fromS(BATCH))));

    assertThat(configs.scan()).extracting(ConfigItem::s3Prefix).containsExactlyInAnyOrder(PREFIX, "bkt/other");
  }

  @Test
  void rotateStartsANewBatchWhileTheLockedOneIsCurrent() {
    putLambdaConfig("2.8.3", "c2VjcmV0");

    assertThat(configs.rotate(PREFIX, BATCH)).isTrue();

    assertThat(raw().get("currentBatch").s()).matches(UUID_V4).isNotEqualTo(BATCH);
    assertThat(raw().get("lastBatchRotation")).isEqualTo(AttributeValue.fromS("2026-11-25 15:04:05"));
  }

  @Test
  void rotateIsRefusedWhenCurrentBatchHasMovedOn() {
    putLambdaConfig("2.8.3", "c2VjcmV0");
    configs.rotate(PREFIX, BATCH);
    String moved = raw().get("currentBatch").s();

    assertThat(configs.rotate(PREFIX, BATCH)).isFalse();

    assertThat(raw().get("currentBatch").s()).isEqualTo(moved);
    assertThat(configs.rotate("bkt/none", BATCH)).isFalse();
  }

  @Test
  void upsertWritesEveryAttributeWithTheLambdaType() {
    ConfigItem written = configs.upsert(csvLoad(cluster(Secret.of("db-password"))), CIPHER);

    Map<String, AttributeValue> item = new HashMap<>(raw());
    assertThat(item.remove("currentBatch").s()).matches(UUID_V4);
    Map<String, AttributeValue> expectedCluster = new HashMap<>();
    expectedCluster.put("clusterEndpoint", AttributeValue.fromS(ENDPOINT));
    expectedCluster.put("clusterPort", AttributeValue.fromN("5439"));
    expectedCluster.put("clusterDB", AttributeValue.fromS("analytics"));
    expectedCluster.put("useSSL", AttributeValue.fromBool(true));
    expectedCluster.put("connectUser", AttributeValue.fromS("loader"));
    expectedCluster.put("connectPassword", AttributeValue.fromS(encrypted("db-password")));
    expectedCluster.put("targetTable", AttributeValue.fromS("public.access"));
    expectedCluster.put("columnList", AttributeValue.fromS("ts, level, msg"));
    expectedCluster.put("truncateTarget", AttributeValue.fromBool(false));
    expectedCluster.put("presql", AttributeValue.fromS("set query_group to 'loads'"));
    expectedCluster.put("postsql", AttributeValue.fromS("analyze public.access"));
    Map<String, AttributeValue> expected = new HashMap<>();
    expected.put("s3Prefix", AttributeValue.fromS(PREFIX));
    expected.put("version", AttributeValue.fromS("2.8.3"));
    expected.put("loadClusters", AttributeValue.fromL(List.of(AttributeValue.fromM(expectedCluster))));
    expected.put("filenameFilterRegex", AttributeValue.fromS("\\.csv(\\.gz)?$"));
    expected.put("dataFormat", AttributeValue.fromS("CSV"));
    expected.put("csvDelimiter", AttributeValue.fromS("|"));
    expected.put("ignoreCsvHeader", AttributeValue.fromBool(true));
    expected.put("manifestBucket", AttributeValue.fromS("manifests-bkt"));
    expected.put("manifestKey", AttributeValue.fromS("redshift/manifest"));
    expected.put("failedManifestKey", AttributeValue.fromS("redshift/failed"));
    expected.put("accessKeyForS3", AttributeValue.fromS("AKIAEXAMPLE"));
    expected.put("secretKeyForS3", AttributeValue.fromS(encrypted("s3-secret")));
    expected.put("masterSymmetricKey", AttributeValue.fromS(encrypted("master-key")));
    expected.put("successTopicARN", AttributeValue.fromS("arn:aws:sns:us-east-1:123456789012:loaded"));
    expected.put("failureTopicARN", AttributeValue.fromS("arn:aws:sns:us-east-1:123456789012:failed"));
    expected.put("batchSize", AttributeValue.fromN("50"));
    expected.put("batchSizeBytes", AttributeValue.fromN("67108864"));
    expected.put("batchTimeoutSecs", AttributeValue.fromN("300"));
    expected.put("copyOptions", AttributeValue.fromS("FILLRECORD EMPTYASNULL"));
    expected.put("compression", AttributeValue.fromS("GZIP"));
    assertThat(item).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(written.item()).isEqualTo(raw());
    assertThat(written.batchSizeBytes()).isEqualTo(64L << 20);
  }

  @Test
  void upsertWritesJsonPathsAndTheIamRoleAsAnExtraAttribute() {
    ClusterConfig jdbcCluster = new ClusterConfig("jdbc:redshift://" + ENDPOINT + ":5440/dev?ssl=false", null, null,
        null, false, "loader", Secret.of("pw"), "public.access", null, null, null, null);

    configs.upsert(jsonLoad(jdbcCluster), CIPHER);

    Map<String, AttributeValue> item = raw();
    assertThat(item).containsEntry("dataFormat", AttributeValue.fromS("JSON"))
        .containsEntry("jsonPath", AttributeValue.fromS("s3://manifests-bkt/jsonpaths.json"))
        .containsEntry("iamRole", AttributeValue.fromS("arn:aws:iam::123456789012:role/redshift-copy"))
        .containsEntry("ignoreCsvHeader", AttributeValue.fromBool(false))
        .containsEntry("manifestKey", AttributeValue.fromS("manifests"))
        .containsEntry("failedManifestKey", AttributeValue.fromS("manifests/failed"))
        .doesNotContainKeys("csvDelimiter", "accessKeyForS3", "secretKeyForS3", "batchSizeBytes", "compression");
    Map<String, AttributeValue> cluster = item.get("loadClusters").l().get(0).m();
    assertThat(cluster).containsEntry("clusterEndpoint", AttributeValue.fromS(ENDPOINT))
        .containsEntry("clusterPort", AttributeValue.fromN("5440"))
        .containsEntry("clusterDB", AttributeValue.fromS("dev"))
        .containsEntry("useSSL", AttributeValue.fromBool(false))
        .doesNotContainKeys("columnList", "presql", "postsql");
  }

  @Test
  void upsertKeepsTheCurrentBatchOnReRun() {
    putLambdaConfig("2.8.3", "c2VjcmV0");

    ConfigItem written = configs.upsert(csvLoad(cluster(Secret.of("db-password"))), CIPHER);
    configs.upsert(csvLoad(cluster(Secret.of("db-password"))), CIPHER);

    assertThat(written.currentBatch()).isEqualTo(BATCH);
    assertThat(raw().get("currentBatch").s()).isEqualTo(BATCH);
    assertThat(raw().get("lastBatchRotation").s()).isEqualTo("2026-11-24 10:00:00");
  }

  @Test
  void upsertWithoutCipherKeepsTheExistingEncryptedPasswordOfTheSameCluster() {
    putLambdaConfig("2.8.3", "S01TLWNpcGhlcnRleHQ=");

    configs.upsert(csvLoad(cluster(Secret.of("db-password"))), null);

    Map<String, AttributeValue> cluster = raw().get("loadClusters").l().get(0).m();
    assertThat(cluster.get("connectPassword")).isEqualTo(AttributeValue.fromS("S01TLWNpcGhlcnRleHQ="));
  }

  @Test
  void clusterWithoutYamlPasswordKeepsTheExistingEncryptedPassword() {
    putLambdaConfig("2.8.3", "S01TLWNpcGhlcnRleHQ=");

    configs.upsert(csvLoad(cluster(null)), CIPHER);

    Map<String, AttributeValue> cluster = raw().get("loadClusters").l().get(0).m();
    assertThat(cluster.get("connectPassword")).isEqualTo(AttributeValue.fromS("S01TLWNpcGhlcnRleHQ="));
  }

  @Test
  void upsertWithoutCipherNeverWritesPlaintextSecrets() {
    configs.upsert(csvLoad(cluster(Secret.of("db-password"))), null);

    Map<String, AttributeValue> item = raw();
    assertThat(item).doesNotContainKeys("secretKeyForS3", "masterSymmetricKey");
    assertThat(item.get("loadClusters").l().get(0).m()).doesNotContainKey("connectPassword");
    assertThat(item.toString()).doesNotContain("db-password", "s3-secret", "master-key");
  }

  @Test
  void upsertWithCipherWritesOnlyCiphertext() {
    configs.upsert(csvLoad(cluster(Secret.of("db-password"))), CIPHER);

    Map<String, AttributeValue> item = raw();
    assertThat(item.toString()).doesNotContain("db-password", "s3-secret", "master-key");
    assertThat(CIPHER.decrypt(item.get("loadClusters").l().get(0).m().get("connectPassword").s()))
        .isEqualTo("db-password");
  }

  @Test
  void upsertRemovesAttributesTheYamlNoLongerSets() {
    configs.upsert(csvLoad(cluster(Secret.of("db-password"))), CIPHER);

    configs.upsert(jsonLoad(cluster(Secret.of("db-password"))), CIPHER);

    assertThat(raw()).doesNotContainKeys("csvDelimiter", "filenameFilterRegex", "accessKeyForS3", "secretKeyForS3",
        "masterSymmetricKey", "successTopicARN", "failureTopicARN", "batchSizeBytes", "copyOptions", "compression")
        .containsKeys("jsonPath", "iamRole", "batchSize", "batchTimeoutSecs");
  }

  @Test
  void upsertRaisesALowerVersionTo283() {
    putLambdaConfig("2.7.8", "c2VjcmV0");

    assertThat(configs.upsert(csvLoad(cluster(null)), CIPHER).version()).isEqualTo("2.8.3");
  }

  @Test
  void upsertKeepsAHigherVersionANewerLambdaWrote() {
    putLambdaConfig("2.10.0", "c2VjcmV0");

    configs.upsert(csvLoad(cluster(null)), CIPHER);

    assertThat(raw().get("version")).isEqualTo(AttributeValue.fromS("2.10.0"));
  }
}
