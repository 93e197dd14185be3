package io.sluice.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(LocalDynamoDbExtension.class)
class FaultInjectingHttpProxyDynamoDbTest {

  private static final String TABLE = "ProxiedCounters";
  private static final String UPDATE_ITEM = "DynamoDB_20120810.UpdateItem";

  private FaultInjectingHttpProxy proxy;
  private DynamoDbClient client;

  @BeforeEach
  void startProxy(LocalDynamoDb dynamo) throws Exception {
    dynamo.client().createTable(r -> r.tableName(TABLE)
        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
        .billingMode(BillingMode.PAY_PER_REQUEST));
    proxy = FaultInjectingHttpProxy.start(dynamo.endpoint());
    client = DynamoDbClient.builder()
        .endpointOverride(proxy.endpoint())
        .region(dynamo.region())
        .credentialsProvider(dynamo.credentialsProvider())
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  @AfterEach
  void stopProxy(LocalDynamoDb dynamo) throws Exception {
    client.close();
    proxy.close();
    dynamo.client().deleteTable(r -> r.tableName(TABLE));
  }

  private void increment(DynamoDbClient through) {
    through.updateItem(r -> r.tableName(TABLE)
        .key(Map.of("id", AttributeValue.fromS("c")))
        .updateExpression("ADD n :one")
        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
  }

  private String count(LocalDynamoDb dynamo) {
    return dynamo.client().getItem(r -> r.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("c")))
        .consistentRead(true)).item().get("n").n();
  }

  @Test
  void throttlesOnlyTheTargetedOperation() {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM)
        .dynamoError(400, "ProvisionedThroughputExceededException"));

    assertThatThrownBy(() -> increment(client)).isInstanceOf(ProvisionedThroughputExceededException.class);

    assertThat(client.getItem(r -> r.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("c")))).hasItem())
        .isFalse();
  }

  @Test
  void answersControlPlaneThrottlingWithItsOwnNamespace() {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM)
        .dynamoError(400, "com.amazon.coral.availability#ThrottlingException").times(1));

    assertThatThrownBy(() -> increment(client))
        .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ThrottlingException"));
  }

  @Test
  void resetMidBodyLosesTheAnswerOfAnUpdateTheServerApplied(LocalDynamoDb dynamo) {
    increment(client);
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM).resetMidBody().times(1));

    assertThatThrownBy(() -> increment(client)).isInstanceOf(SdkClientException.class);

    assertThat(count(dynamo)).isEqualTo("2");
  }

  @Test
  void sdkDefaultRetryGetsThroughAFewThrottles(LocalDynamoDb dynamo) {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM)
        .dynamoError(400, "ProvisionedThroughputExceededException").times(2));
    try (DynamoDbClient retrying = DynamoDbClient.builder()
        .endpointOverride(proxy.endpoint())
        .region(dynamo.region())
        .credentialsProvider(dynamo.credentialsProvider())
        .httpClientBuilder(Apache5HttpClient.builder())
        .build()) {
      increment(retrying);
    }

    assertThat(count(dynamo)).isEqualTo("1");
    assertThat(proxy.faultsInjected()).isEqualTo(2);
  }

  @Test
  void afterLetsTheFirstMatchesPassBeforeActing(LocalDynamoDb dynamo) {
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM)
        .dynamoError(400, "ProvisionedThroughputExceededException").after(2).times(1));

    increment(client);
    increment(client);
    assertThatThrownBy(() -> increment(client)).isInstanceOf(ProvisionedThroughputExceededException.class);
    increment(client);

    assertThat(count(dynamo)).isEqualTo("3");
  }

  @Test
  void probabilityRulesActTheSameWayForTheSameSeed() {
    long[] firstRun = throttledPattern();
    long[] secondRun = throttledPattern();

    assertThat(firstRun).isEqualTo(secondRun);
    assertThat(firstRun).contains(0L, 1L);
  }

  private long[] throttledPattern() {
    proxy.clearFaults();
    proxy.inject(Fault.on("POST", "/").withHeader("X-Amz-Target", UPDATE_ITEM)
        .dynamoError(400, "ProvisionedThroughputExceededException").probability(0.5, 42));
    long[] throttled = new long[12];
    for (int i = 0; i < throttled.length; i++) {
      try {
        increment(client);
      } catch (ProvisionedThroughputExceededException e) {
        throttled[i] = 1;
      }
    }
    return throttled;
  }
}
