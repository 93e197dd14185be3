package io.sluice.agent.output;

/**
 * Told about each file after the store confirmed it and before the destination commits past it, so a batch tracker
 * can register the file first. Throwing means "not registered": the call is retried with backoff until it returns,
 * and the queue position does not move meanwhile.
 *
 * <p>After a crash between the upload and the commit, the same file is uploaded again under the same key and the
 * hook is called again for it: implementations must treat a repeated {@link UploadedFile#object()} as done.
 */
@FunctionalInterface
public interface UploadHook {

  /** A hook that accepts every file, for outputs without a tracker. */
  UploadHook NONE = file -> { };

  void uploaded(UploadedFile file) throws Exception;
}
