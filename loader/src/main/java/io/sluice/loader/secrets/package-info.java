/** Secrets in config items: KMS encryption with the Lambda loader's key alias and encryption context. */
package io.sluice.loader.secrets;
