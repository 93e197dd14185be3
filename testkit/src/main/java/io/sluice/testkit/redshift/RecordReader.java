package io.sluice.testkit.redshift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Parses the text of one source file into rows for {@link CopySqlGenerator}. */
interface RecordReader {

  /**
   * @param file where the text came from, for error messages and row provenance
   * @param content the whole file, decompressed and decoded
   * @return one JSON object per record: the record itself for {@code JSON 'auto'}, or a {@link PositionalRow} for
   *     the formats whose fields map to columns by position
   * @throws CopyException when the file cannot be parsed
   */
  List<ObjectNode> read(S3Location file, String content);
}
