package io.sluice.testkit.redshift;

/**
 * The options of a COPY that change what it loads; ignored options leave no trace here.
 *
 * @param manifest whether the source names a manifest file rather than a key prefix
 * @param format how the files are parsed
 * @param gzip whether every file is gzip-compressed
 * @param ignoreHeader how many leading records of each file to skip
 * @param nulls which field values load as NULL
 * @param fillRecord whether records with too few fields are padded with NULLs instead of failing
 */
record CopyOptions(
    boolean manifest, DataFormat format, boolean gzip, int ignoreHeader, NullRules nulls, boolean fillRecord) {}
