/**
 * JUnit 5 extensions that start real local stand-ins for the AWS services Sluice talks to, once per test JVM, and
 * reset them before each test: {@link io.sluice.testkit.dynamodb.LocalDynamoDbExtension},
 * {@link io.sluice.testkit.s3.LocalS3Extension} and {@link io.sluice.testkit.redshift.LocalRedshiftExtension}.
 * Each injects its handle as a test or lifecycle-method parameter. Tests using them must not run concurrently.
 */
package io.sluice.testkit;
