package io.sluice.agent.output.format;

import java.io.ByteArrayOutputStream;

/** The reusable buffer a line is built in, exposing its array so a finished line is handed on without a copy. */
final class LineBuffer extends ByteArrayOutputStream {

  LineBuffer() {
    super(1024);
  }

  byte[] array() {
    return buf;
  }
}
