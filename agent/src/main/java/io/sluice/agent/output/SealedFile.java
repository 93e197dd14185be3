package io.sluice.agent.output;

import io.sluice.agent.output.journal.PendingFile;
import java.nio.file.Path;

/**
 * A sealed file ready to upload: its journaled identity and its bytes on local disk.
 *
 * @param identity what the journal recorded for it (sequence, tag, range, key)
 * @param content the spool file holding its JSON lines
 */
record SealedFile(PendingFile identity, Path content) {}
