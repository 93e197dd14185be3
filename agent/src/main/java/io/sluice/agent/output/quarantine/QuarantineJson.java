package io.sluice.agent.output.quarantine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes reason objects as snake_case JSON, the same bytes for the same record every time. */
final class QuarantineJson {

  private final ObjectMapper mapper = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  void write(QuarantineRecord record, Path file) throws IOException {
    Files.write(file, mapper.writeValueAsBytes(record));
  }

  QuarantineRecord read(Path file) throws IOException {
    return mapper.readValue(file.toFile(), QuarantineRecord.class);
  }
}
