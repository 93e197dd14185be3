/**
 * A local AWS KMS stand-in speaking the real JSON 1.1 wire protocol (symmetric keys, aliases, Encrypt and Decrypt
 * bound to an encryption context), for tests: {@link LocalKmsExtension}.
 */
package io.sluice.testkit.kms;
