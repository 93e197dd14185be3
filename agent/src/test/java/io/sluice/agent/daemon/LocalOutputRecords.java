package io.sluice.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The records a local output wrote, read back from every file below its directory. */
final class LocalOutputRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalOutputRecords() {}

  /** Every file below {@code root}, sorted; empty when it does not exist yet. */
  static List<Path> files(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      // The local store writes a temporary file and renames it: only renamed files are shipped.
      return walk.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".sluice-tmp")).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code seq} of every line of every file below {@code root}, file by file. */
  static List<Integer> sequences(Path root) {
    List<Integer> sequences = new ArrayList<>();
    for (Path file : files(root)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          JsonNode record = JSON.readTree(line);
          sequences.add(record.get("seq").asInt());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sequences;
  }
}
