package io.sluice.bench.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Access-log records like {@code ../shared/tools/fwdgen.py}'s (about 250 bytes as JSON, ten fields: strings, integers
 * and a float), as a forward client packs them into PackedForward entries and as an HTTP client sends them as JSON.
 */
final class AccessLogRecords {

  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] PATHS = {"/api/v1/items/%d", "/static/app-%d.js", "/login?next=/c/%d",
      "/search?q=term%d&page=2"};
  private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Version/17.2 Safari/605.1.15",
      "curl/8.4.0", "Go-http-client/1.1"};
  private static final int[] CODES = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 301, 304,
      404, 500};
  private static final long SECONDS = 1_795_619_509L;

  private AccessLogRecords() {}

  /** {@code count} back-to-back {@code [EventTime, record]} entries, as a PackedForward chunk carries them. */
  static byte[] packedEntries(int count, long seed) {
    Random random = new Random(seed);
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      for (int i = 0; i < count; i++) {
        packer.packArrayHeader(2);
        packer.packExtensionTypeHeader((byte) 0, 8);
        packer.writePayload(new byte[] {(byte) (SECONDS >>> 24), (byte) (SECONDS >>> 16), (byte) (SECONDS >>> 8),
            (byte) SECONDS, 0, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        Fields fields = new Fields(random);
        packer.packMapHeader(10);
        packer.packString("remote").packString(fields.remote);
        packer.packString("host").packString(fields.host);
        packer.packString("user").packString("-");
        packer.packString("method").packString(fields.method);
        packer.packString("path").packString(fields.path);
        packer.packString("code").packInt(fields.code);
        packer.packString("size").packInt(fields.size);
        packer.packString("referer").packString(fields.referer);
        packer.packString("agent").packString(fields.agent);
        packer.packString("request_time").packDouble(fields.requestTime);
      }
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One record as the compact JSON text an HTTP client sends (and the HTTP input stores as is). */
  static byte[] json(Random random) {
    Fields fields = new Fields(random);
    String json = String.format(Locale.ROOT, "{\"remote\":\"%s\",\"host\":\"%s\",\"user\":\"-\",\"method\":\"%s\","
            + "\"path\":\"%s\",\"code\":%d,\"size\":%d,\"referer\":\"%s\",\"agent\":\"%s\",\"request_time\":%s}",
        fields.remote, fields.host, fields.method, fields.path, fields.code, fields.size, fields.referer,
        fields.agent, fields.requestTime);
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The values of one record. */
  private static final class Fields {
    final String remote;
    final String host;
    final String method;
    final String path;
    final int code;
    final int size;
    final String referer;
    final String agent;
    final double requestTime;

    Fields(Random random) {
      remote = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      host = String.format(Locale.ROOT, "web-%02d.example.com", random.nextInt(40));
      method = METHODS[random.nextInt(METHODS.length)];
      path = String.format(Locale.ROOT, PATHS[random.nextInt(PATHS.length)], random.nextInt(100_000));
      code = CODES[random.nextInt(CODES.length)];
      size = 100 + random.nextInt(59_900);
      referer = "https://example.com/c/" + random.nextInt(500);
      agent = AGENTS[random.nextInt(AGENTS.length)];
      requestTime = Math.round(random.nextDouble() * 0.5 * 10_000) / 10_000.0;
    }
  }
}
