package io.sluice.loader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.loader.secrets.KmsSecretCipher;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.TrackerTables;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.kms.LocalKms;
import io.sluice.testkit.kms.LocalKmsExtension;
import io.sluice.testkit.redshift.LocalRedshift;
import io.sluice.testkit.redshift.LocalRedshiftExtension;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import io.sluice.testkit.sns.LocalSns;
import io.sluice.testkit.sns.LocalSnsExtension;
import io.sluice.testkit.sns.PublishedMessage;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** The loader's SNS messages and its use of KMS-encrypted passwords from the config item, on local stand-ins. */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class, LocalRedshiftExtension.class,
    LocalSnsExtension.class, LocalKmsExtension.class})
class LoaderNotificationsAndSecretsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LoaderFixture fixture;
  private String snsSecret = "";

  @BeforeEach
  void setUp(LocalDynamoDb dynamo, LocalS3 s3, LocalRedshift redshift) throws Exception {
    fixture = new LoaderFixture(dynamo, s3, redshift);
    fixture.batchTimeout = "1s";
  }

  @Test
  void loadedBatchIsAnnouncedOnTheSuccessTopicWithTheLambdasPayload(LocalSns sns) throws Exception {
    String success = sns.createTopic(fixture.id + "-ok");
    String failure = sns.createTopic(fixture.id + "-failed");
    notifyOn(sns, success, failure);
    try (EmbeddedLoader loader = start()) {
      String key = fixture.putFile("announced.json", 2);
      loader.registrar().register(fixture.bucket, key, fixture.size(key));

      await().atMost(Duration.ofSeconds(30)).until(() -> !sns.published(success).isEmpty());
    }
    PublishedMessage message = sns.published(success).get(0);
    JsonNode body = JSON.readTree(message.message());
    assertThat(message.subject()).isEqualTo("Lambda Redshift Batch Load " + body.get("batchId").asText() + " OK");
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("error").isNull()).isTrue();
    assertThat(body.get("s3Prefix").asText()).isEqualTo(fixture.prefix);
    assertThat(body.get("key").asText()).isEqualTo("logs/app/announced.json");
    assertThat(body.get("originalManifest").asText()).startsWith(fixture.manifestBucket + "/manifests/manifest-");
    assertThat(body.has("failedManifest")).isFalse();
    assertThat(sns.published(failure)).isEmpty();
  }

  @Test
  void failedBatchIsAnnouncedOnTheFailureTopicWithTheErrorDoubleEncoded(LocalSns sns) throws Exception {
    String success = sns.createTopic(fixture.id + "-ok");
    String failure = sns.createTopic(fixture.id + "-failed");
    notifyOn(sns, success, failure);
    try (Connection admin = fixture.redshift.connectAsAdmin();
        Statement statement = admin.createStatement()) {
      statement.execute("drop table " + fixture.table);
    }
    try (EmbeddedLoader loader = start()) {
      String key = fixture.putFile("nowhere.json", 2);
      loader.registrar().register(fixture.bucket, key, fixture.size(key));

      await().atMost(Duration.ofSeconds(30)).until(() -> !sns.published(failure).isEmpty());
    }
    JsonNode body = JSON.readTree(sns.published(failure).get(0).message());
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("error").isTextual()).isTrue();
    JsonNode error = JSON.readTree(body.get("error").asText());
    assertThat(error.fieldNames().next()).isEqualTo("127.0.0.1");
    assertThat(error.get("127.0.0.1").get("status").asInt()).isEqualTo(-1);
    assertThat(error.get("127.0.0.1").get("error").get("code").asText()).isEqualTo("42P01");
    assertThat(body.get("failedManifest").asText()).startsWith(fixture.manifestBucket + "/manifests/failed/");
    assertThat(sns.published(success)).isEmpty();
  }

  @Test
  void clusterWithoutAYamlPasswordConnectsWithTheConfigItemsKmsEncryptedOne(LocalKms kms) throws Exception {
    kms.createKeyWithAlias(KmsSecretCipher.KEY_ALIAS);
    SluiceConfig withPassword = fixture.config();
    new TrackerTables(fixture.dynamo.client(), withPassword.tracker().tables(), withPassword.tracker().billingMode())
        .createIfMissing();
    new ConfigTable(fixture.dynamo.client(), withPassword.tracker().tables(), Clock.systemUTC())
        .upsert(withPassword.loader().loads().get(0), new KmsSecretCipher(kms.client(), "us-east-1", false));
    AwsCredentials credentials = kms.credentialsProvider().resolveCredentials();
    fixture.passwordInYaml = false;
    fixture.loaderYaml = """
          kms_region: us-east-1
          kms:
            region: us-east-1
            endpoint: %s
            credentials: {access_key_id: %s, secret_access_key: "%s"}
        """.formatted(kms.endpoint(), credentials.accessKeyId(), "${EXTRA_SECRET}");
    try (EmbeddedLoader loader = start(credentials.secretAccessKey())) {
      String key = fixture.putFile("secret.json", 4);
      loader.registrar().register(fixture.bucket, key, fixture.size(key));

      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.rows() == 4);
    }
  }

  private void notifyOn(LocalSns sns, String success, String failure) {
    AwsCredentials credentials = sns.credentialsProvider().resolveCredentials();
    fixture.loaderYaml = """
          sns:
            region: us-east-1
            endpoint: %s
            credentials: {access_key_id: %s, secret_access_key: "%s"}
        """.formatted(sns.endpoint(), credentials.accessKeyId(), "${EXTRA_SECRET}");
    snsSecret = credentials.secretAccessKey();
    fixture.loadYaml = """
              notifications: {success_topic_arn: "%s", failure_topic_arn: "%s"}
        """.formatted(success, failure);
  }

  private EmbeddedLoader start() throws Exception {
    return start(snsSecret);
  }

  private EmbeddedLoader start(String extraSecret) throws Exception {
    return EmbeddedLoader.start(fixture.config(extraSecret), new PrometheusRegistry());
  }
}
