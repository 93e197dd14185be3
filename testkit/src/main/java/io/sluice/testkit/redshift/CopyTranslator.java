package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/** Loads the files a parsed COPY names and turns them into the PostgreSQL statement that inserts their rows. */
final class CopyTranslator {

  private static final Logger LOG = LoggerFactory.getLogger(CopyTranslator.class);

  private final ObjectMapper json = new ObjectMapper();
  private final S3ObjectReader objects;
  private final CopySourceResolver sources;
  private final SourceFileDecoder decoder = new SourceFileDecoder();
  private final CopySqlGenerator generator = new CopySqlGenerator(json);

  CopyTranslator(S3Client s3) {
    this.objects = new S3ObjectReader(s3);
    this.sources = new CopySourceResolver(objects, json);
  }

  /**
   * @throws CopyException when Redshift would fail the COPY: a missing mandatory file, unreadable data, …
   */
  String translate(CopyStatement copy) {
    CopyOptions options = copy.options();
    RecordReader reader = readerFor(copy);
    List<ObjectNode> rows = new ArrayList<>();
    int files = 0;
    for (SourceFile file : sources.resolve(copy)) {
      Optional<byte[]> bytes = objects.find(file.location());
      if (bytes.isEmpty()) {
        if (file.mandatory()) {
          throw S3ObjectReader.missingKey(file.location());
        }
        LOG.debug("COPY skips {}: not found and not mandatory", file.location());
        continue;
      }
      rows.addAll(reader.read(file.location(), decoder.decode(file.location(), bytes.get(), options.gzip())));
      files++;
    }
    LOG.debug("COPY into {} from {}: {} rows from {} files", copy.table(), copy.source(), rows.size(), files);
    if (options.format() instanceof DataFormat.JsonAuto) {
      return generator.insertKeyed(copy, rows);
    }
    // Redshift wants exactly one jsonpaths expression per column; FILLRECORD does not relax that.
    boolean fillRecord = options.fillRecord() && !(options.format() instanceof DataFormat.JsonPaths);
    return generator.insertPositional(copy, rows, fillRecord);
  }

  private RecordReader readerFor(CopyStatement copy) {
    CopyOptions options = copy.options();
    DataFormat format = options.format();
    if (format instanceof DataFormat.JsonAuto auto) {
      return new JsonAutoReader(json, auto.ignoreCase());
    }
    if (format instanceof DataFormat.JsonPaths paths) {
      return jsonPathsReader(copy, paths.file());
    }
    if (format instanceof DataFormat.Csv csv) {
      return new CsvReader(csv, options.ignoreHeader(), options.nulls());
    }
    return new DelimitedTextReader((DataFormat.Text) format, options.ignoreHeader(), options.nulls());
  }

  private JsonPathsReader jsonPathsReader(CopyStatement copy, S3Location file) {
    String content = decoder.decode(file, objects.read(file), false);
    JsonPathsReader reader = new JsonPathsReader(json, JsonPathsReader.parseJsonPathsFile(json, file, content));
    // With a column list the mismatch is known here; without one the server checks against the table's columns.
    if (!copy.columns().isEmpty() && reader.pathCount() != copy.columns().size()) {
      throw new CopyException("Number of jsonpaths and the number of columns should match. JSONPath size: "
          + reader.pathCount() + ", Number of columns in table or column list: " + copy.columns().size());
    }
    return reader;
  }
}
