package io.sluice.agent.output.local;

import java.io.IOException;

/**
 * A file-system failure on a path the object key itself names, below the output directory (never the directory
 * itself), so the failure classifier can tell a bad key (a name too long, a file in the way) from a bad disk.
 */
public final class KeyPathException extends IOException {

  private static final long serialVersionUID = 1L;

  KeyPathException(String key, IOException cause) {
    super("key " + key + ": " + cause, cause);
  }
}
