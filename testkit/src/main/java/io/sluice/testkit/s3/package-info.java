/** S3Proxy in this JVM on a loopback port, in memory, checking signatures, for tests: {@link LocalS3Extension}. */
package io.sluice.testkit.s3;
