package io.sluice.testkit.redshift;

/**
 * One file a COPY loads.
 *
 * @param location where the file is
 * @param mandatory whether a missing file fails the COPY ({@code "mandatory": true} in a manifest); files found
 *     by listing a key prefix exist by construction
 */
record SourceFile(S3Location location, boolean mandatory) {}
