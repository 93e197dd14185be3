/**
 * Outputs: each destination reads the buffer through its own position, writes the entries whose tag matches into
 * per-tag JSON-lines files, and ships sealed files to S3 or a local directory.
 *
 * <p>Data path and commits, per destination thread ({@link io.sluice.agent.output.DestinationWorker}): read an entry,
 * append it whole to its tag's spool file, seal the file by size, age or shutdown; journal it as pending with its
 * sequence number and key (fsync); upload; call the {@link io.sluice.agent.output.UploadHook}; journal it as
 * shipped; report the resume position to the buffer. A crash anywhere replays from the journal, and a pending
 * file is rebuilt from its queue range into the same bytes under the same key.
 */
package io.sluice.agent.output;
