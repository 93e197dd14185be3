/** DynamoDB Local 2.x in this JVM on a loopback port, for tests: {@link LocalDynamoDbExtension}. */
package io.sluice.testkit.dynamodb;
