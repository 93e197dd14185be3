package io.sluice.agent.output;

import io.sluice.agent.output.journal.PendingFile;
import java.nio.file.Path;

/**
 * A sealed file ready to upload: its journaled identity and its bytes on local disk.
 *
 * @param identity what the journal recorded for it (sequence, tag, range, key)
 * @param content the spool file holding its JSON lines
 * @param rejects the spool file holding the quarantine lines of its records that could not be written, when
 *     {@link PendingFile#rejects()} says there are any
 */
record SealedFile(PendingFile identity, Path content, Path rejects) {

  /** This file with another identity, such as the same file marked for quarantine. */
  SealedFile as(PendingFile marked) {
    return new SealedFile(marked, content, rejects);
  }
}
