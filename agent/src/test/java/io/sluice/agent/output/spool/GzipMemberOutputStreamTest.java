package io.sluice.agent.output.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.output.RecordFormatConfig.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One gzip member whose bytes are a function of the data alone, readable by every gzip reader. */
class GzipMemberOutputStreamTest {

  @TempDir
  Path dir;

  /** About 2 MiB of log-like lines: enough for many deflate blocks and several 64 KiB buffers. */
  private static byte[] lines() {
    StringBuilder text = new StringBuilder();
    SplittableRandom random = new SplittableRandom(13);
    for (int n = 0; n < 20_000; n++) {
      text.append("{\"tag\":\"app.web\",\"n\":").append(n).append(",\"latency_ms\":").append(random.nextInt(5000))
          .append(",\"path\":\"/api/v1/items/").append(random.nextInt(100_000)).append("\"}\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] compress(byte[] data, int[] chunkSizes) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (GzipMemberOutputStream gzip = new GzipMemberOutputStream(target)) {
      int offset = 0;
      for (int i = 0; offset < data.length; i++) {
        int length = Math.min(chunkSizes[i % chunkSizes.length], data.length - offset);
        gzip.write(data, offset, length);
        offset += length;
      }
    }
    return target.toByteArray();
  }

  private static byte[] gunzip(byte[] compressed) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  @Test
  void theHeaderHasNoNameNoTimeAndAFixedOsByte() throws IOException {
    byte[] compressed = compress("{}\n".getBytes(StandardCharsets.UTF_8), new int[] {3});

    assertThat(Arrays.copyOf(compressed, 10)).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
  }

  @Test
  void javaUtilZipReadsBackTheSameLines() throws IOException {
    byte[] data = lines();

    assertThat(gunzip(compress(data, new int[] {65_536}))).isEqualTo(data);
  }

  @Test
  void theBytesDoNotDependOnHowTheDataWasCutIntoWrites() throws IOException {
    byte[] data = lines();

    byte[] whole = compress(data, new int[] {data.length});
    assertThat(compress(data, new int[] {1, 7, 300, 65_536, 3})).isEqualTo(whole);
    assertThat(compress(data, new int[] {65_536})).isEqualTo(whole);
  }

  @Test
  void theSystemGzipFindsTheFileIntact() throws Exception {
    Path file = dir.resolve("lines.json.gz");
    Files.write(file, compress(lines(), new int[] {4096}));

    GzipTool.assertIntact(file);
  }

  @Test
  void noDataIsStillAValidMember() throws IOException {
    assertThat(gunzip(compress(new byte[0], new int[] {1}))).isEmpty();
  }

  @Test
  void writingAfterCloseFails() throws IOException {
    GzipMemberOutputStream gzip = new GzipMemberOutputStream(new ByteArrayOutputStream());
    gzip.close();

    assertThatThrownBy(() -> gzip.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void aGzipSpoolFileCountsTheLinesUncompressedAndHoldsTheirGzip() throws IOException {
    SpoolFile spool = SpoolFile.create(dir, "app.web", 0, 7, Instant.EPOCH, Compression.GZIP);
    byte[] line = "{\"n\":1}\n".getBytes(StandardCharsets.UTF_8);
    spool.append(line, line.length, 0);
    spool.append(line, line.length, 0);
    spool.finish();

    assertThat(spool.bytes()).isEqualTo(2L * line.length);
    assertThat(gunzip(Files.readAllBytes(spool.path()))).asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"n\":1}\n{\"n\":1}\n");
  }
}
