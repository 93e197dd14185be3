package io.sluice.agent.output.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.sluice.agent.output.store.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One destination's journal, a small JSON file replaced atomically on every commit (temp file, fsync, rename,
 * directory fsync), so after a crash it holds exactly the last committed {@link JournalState}.
 */
public final class DestinationJournal {

  static final String FILE_NAME = "journal.json";
  private static final String TEMP_NAME = "journal.json.tmp";

  private final Path file;
  private final Path temp;
  private final ObjectMapper mapper = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public DestinationJournal(Path directory) {
    this.file = directory.resolve(FILE_NAME);
    this.temp = directory.resolve(TEMP_NAME);
  }

  /** The journal's path, for messages. */
  public Path path() {
    return file;
  }

  /**
   * The last committed state, or the initial state when nothing was ever committed.
   *
   * @throws IOException when the journal exists but cannot be read; starting over would ship everything again
   */
  public JournalState load() throws IOException {
    if (!Files.exists(file)) {
      return JournalState.initial();
    }
    JournalState state;
    try {
      state = mapper.readValue(file.toFile(), JournalState.class);
    } catch (JsonProcessingException e) {
      throw new IOException("the output journal " + file + " is not readable: " + e.getOriginalMessage(), e);
    }
    if (state.version() != JournalState.VERSION) {
      throw new IOException("the output journal " + file + " has format version " + state.version()
          + "; this Sluice reads version " + JournalState.VERSION);
    }
    return state;
  }

  /** Makes {@code state} the committed state, durably, before returning. */
  public void commit(JournalState state) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(json);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    DurableFiles.replace(temp, file);
  }
}
