/** The S3 store: client from config, one PUT or fixed-size multipart, Content-MD5 on every body. */
package io.sluice.agent.output.s3;
