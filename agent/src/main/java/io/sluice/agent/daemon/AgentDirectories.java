package io.sluice.agent.daemon;

import io.sluice.config.SluiceConfig;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the directories a configuration writes to: the buffer and each local output's destination. */
final class AgentDirectories {

  private AgentDirectories() {}

  /**
   * Creates every directory that does not exist yet.
   *
   * @throws IOException naming the directory and its role when one cannot be created
   */
  static void create(SluiceConfig config) throws IOException {
    for (Map.Entry<Path, String> directory : required(config).entrySet()) {
      createOne(directory.getKey(), directory.getValue());
    }
  }

  /** Each directory with what it is for, in the order the config names them. */
  private static Map<Path, String> required(SluiceConfig config) {
    Map<Path, String> directories = new LinkedHashMap<>();
    directories.put(config.buffer().directory(), "buffer");
    for (OutputConfig output : config.outputs()) {
      if (output.type() == OutputType.LOCAL) {
        directories.putIfAbsent(output.directory(), "output " + output.name());
      }
    }
    return directories;
  }

  private static void createOne(Path directory, String role) throws IOException {
    try {
      Files.createDirectories(directory);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot create the " + role + " directory " + directory + ": permission denied on "
          + e.getFile(), e);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create the " + role + " directory " + directory + ": " + e.getFile()
          + " exists and is not a directory", e);
    } catch (IOException e) {
      throw new IOException("cannot create the " + role + " directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
