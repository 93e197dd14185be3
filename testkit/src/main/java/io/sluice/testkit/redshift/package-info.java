/**
 * A Redshift stand-in for tests, {@link LocalRedshiftExtension}: embedded PostgreSQL behind a wire-protocol proxy
 * that lets the Amazon Redshift JDBC driver connect and turns {@code COPY … FROM 's3://…'} into plain SQL over files
 * read from the local S3 server.
 */
package io.sluice.testkit.redshift;
