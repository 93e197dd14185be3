package io.sluice.agent.output.local;

import io.sluice.agent.output.store.DurableFiles;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A directory laid out as the bucket would be: the object key is the path below it. Each file is written to a temp
 * file next to its target, fsync'ed and renamed over it, so a reader never sees a partial file.
 *
 * <p>Failures on the key's own path below the directory are reported as {@link KeyPathException}; failures of the
 * directory itself (missing and not creatable, not a directory, not writable) as plain I/O failures.
 */
public final class LocalObjectStore implements ObjectStore {

  private static final String TEMP_SUFFIX = ".sluice-tmp";

  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    Path target = resolve(key);
    ensureRoot();
    Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    MessageDigest md5 = newMd5();
    long size;
    try {
      Files.createDirectories(target.getParent());
      // A fixed temp name: a retry after a crash overwrites the leftover instead of adding another.
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5);
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        size = in.transferTo(out);
      }
      DurableFiles.fsync(temp);
      DurableFiles.replace(temp, target);
    } catch (FileSystemException e) {
      throw onKeyPath(key, e);
    }
    return new StoredObject(root.toString(), key, size, HexFormat.of().formatHex(md5.digest()));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    int lastSlash = prefix.lastIndexOf('/');
    Path start = lastSlash < 0 ? root : resolve(prefix.substring(0, lastSlash + 1) + "x").getParent();
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        String key = root.relativize(file).toString().replace('\\', '/');
        if (attributes.isRegularFile() && key.startsWith(prefix) && !key.endsWith(TEMP_SUFFIX)) {
          keys.add(key);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        // A running agent renames its temp files and deletes retried quarantine objects while this lists.
        if (failure instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw failure;
      }
    });
    keys.sort(null);
    return List.copyOf(keys);
  }

  @Override
  public void get(String key, Path target) throws IOException {
    Path source = resolve(key);
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(key, null, "no such object in " + root);
    }
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {
    // Nothing is held open between puts.
  }

  private Path resolve(String key) throws IOException {
    Path target = root.resolve(key).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IOException("key " + key + " points outside the output directory " + root);
    }
    return target;
  }

  /** The directory itself must be usable before a failure below it can be blamed on a key. */
  private void ensureRoot() throws IOException {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new IOException("the output directory " + root + " is not usable: " + e, e);
    }
    if (!Files.isWritable(root)) {
      throw new IOException("the output directory " + root + " is not writable");
    }
  }

  /** Blames the key only when the failing path lies below the output directory; the directory is fine here. */
  private IOException onKeyPath(String key, FileSystemException failure) {
    String failed = failure.getFile();
    if (failed != null) {
      Path path = Path.of(failed).toAbsolutePath().normalize();
      if (path.startsWith(root) && !path.equals(root)) {
        return new KeyPathException(key, failure);
      }
    }
    return failure;
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides MD5", e);
    }
  }
}
