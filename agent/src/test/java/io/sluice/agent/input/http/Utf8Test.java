package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static int firstInvalid(int... bytes) {
    byte[] array = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      array[i] = (byte) bytes[i];
    }
    return Utf8.firstInvalidByte(array, 0, array.length);
  }

  @Test
  void acceptsAsciiAndEveryMultiByteLength() {
    byte[] text = "a é € 𝄞".getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.firstInvalidByte(text, 0, text.length)).isEqualTo(-1);
  }

  @Test
  void rejectsALoneContinuationByte() {
    assertThat(firstInvalid('a', 0x80)).isEqualTo(1);
  }

  @Test
  void rejectsOverlongForms() {
    // C0 AF and E0 80 AF are both an overlong '/', a classic path-traversal disguise.
    assertThat(firstInvalid(0xC0, 0xAF)).isZero();
    assertThat(firstInvalid(0xE0, 0x80, 0xAF)).isZero();
  }

  @Test
  void rejectsEncodedSurrogates() {
    // ED A0 80 would be U+D800, a UTF-16 surrogate that UTF-8 may not carry.
    assertThat(firstInvalid('x', 0xED, 0xA0, 0x80)).isEqualTo(1);
  }

  @Test
  void rejectsCodePointsAboveTheUnicodeRange() {
    // F4 90 80 80 would be U+110000.
    assertThat(firstInvalid(0xF4, 0x90, 0x80, 0x80)).isZero();
  }

  @Test
  void rejectsASequenceCutShortByTheEndOfTheRange() {
    assertThat(firstInvalid('a', 0xE2, 0x82)).isEqualTo(1);
  }

  @Test
  void checksOnlyTheGivenRange() {
    byte[] bytes = {(byte) 0xFF, 'o', 'k', (byte) 0xFF};

    assertThat(Utf8.firstInvalidByte(bytes, 1, 3)).isEqualTo(-1);
  }
}
