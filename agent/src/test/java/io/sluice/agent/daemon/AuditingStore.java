package io.sluice.agent.daemon;

import io.sluice.agent.output.ForwardingObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that writes down every upload before making it, as {@code key<TAB>sha256} lines in an audit file shared by
 * all runs, and that can halt the JVM right after its Nth confirmed upload: after the object is in the bucket, before
 * the destination journals it as shipped and moves its queue position.
 */
final class AuditingStore extends ForwardingObjectStore {

  /** {@code haltAfterUploads} for a store that never halts. */
  static final int NEVER = 0;
  /** The status a SIGKILL'ed JVM ends with, so a halt and a kill look the same to the parent. */
  static final int KILLED_STATUS = 137;
  /** What the JVM prints just before it halts. */
  static final String HALT_MESSAGE = "HALT after upload ";

  private final Path auditFile;
  private final int haltAfterUploads;
  private final AtomicInteger confirmed = new AtomicInteger();

  AuditingStore(ObjectStore store, Path auditFile, int haltAfterUploads) {
    super(store);
    this.auditFile = auditFile;
    this.haltAfterUploads = haltAfterUploads;
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    // Audited first and forced: a kill during or after the upload must not hide that this content was sent.
    audit(key + "\t" + sha256(file) + "\n");
    StoredObject stored = super.put(key, file);
    if (confirmed.incrementAndGet() == haltAfterUploads) {
      System.out.println(HALT_MESSAGE + haltAfterUploads + " key=" + key);
      System.out.flush();
      // halt, not exit: no shutdown hook or finally block may commit anything on the way out.
      Runtime.getRuntime().halt(KILLED_STATUS);
    }
    return stored;
  }


  private synchronized void audit(String line) throws IOException {
    try (FileChannel channel = FileChannel.open(auditFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
  }

  static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
