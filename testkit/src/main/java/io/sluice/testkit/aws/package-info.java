/** What the local AWS stand-ins (KMS, SNS) share: their client-facing handle and their errors. */
package io.sluice.testkit.aws;
