/**
 * A local Amazon SNS stand-in speaking the real AWS Query wire protocol (CreateTopic, Publish) that records every
 * published message, for tests: {@link LocalSnsExtension}.
 */
package io.sluice.testkit.sns;
