package io.sluice.agent.output.local;

import io.sluice.agent.output.store.DurableFiles;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A directory laid out as the bucket would be: the object key is the path below it. Each file is written to a temp
 * file next to its target, fsync'ed and renamed over it, so a reader never sees a partial file.
 */
public final class LocalObjectStore implements ObjectStore {

  private static final String TEMP_SUFFIX = ".sluice-tmp";

  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    Path target = root.resolve(key).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IOException("key " + key + " points outside the output directory " + root);
    }
    Files.createDirectories(target.getParent());
    // A fixed temp name: a retry after a crash overwrites the leftover instead of adding another.
    Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    MessageDigest md5 = newMd5();
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5);
        OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      size = in.transferTo(out);
    }
    DurableFiles.fsync(temp);
    DurableFiles.replace(temp, target);
    return new StoredObject(root.toString(), key, size, HexFormat.of().formatHex(md5.digest()));
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {
    // Nothing is held open between puts.
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides MD5", e);
    }
  }
}
