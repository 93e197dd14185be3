package io.sluice.testkit.kms;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The stand-in's ciphertext blob: {@code version, key id length, key id, IV, AES-GCM output}. The header and the
 * encryption context (sorted, length-prefixed) are the GCM associated data, so a blob opens only with the key and
 * the exact context it was sealed with, as with KMS.
 */
final class KmsCiphertext {

  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private KmsCiphertext() {}

  static byte[] seal(KmsKeys.Key key, byte[] plaintext, Map<String, String> context, SecureRandom random) {
    byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(VERSION);
    header.write(id.length);
    header.writeBytes(id);
    header.writeBytes(iv);
    byte[] head = header.toByteArray();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.material(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(head);
      cipher.updateAAD(canonical(context));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] blob = Arrays.copyOf(head, head.length + sealed.length);
      System.arraycopy(sealed, 0, blob, head.length, sealed.length);
      return blob;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to encrypt", e);
    }
  }

  /** The id of the key a blob was sealed with; fails like KMS when the bytes are no blob of this stand-in. */
  static String keyId(byte[] blob) {
    if (blob.length < 2 || blob[0] != VERSION || blob.length < headerLength(blob) + TAG_BITS / 8) {
      throw KmsFault.invalidCiphertext();
    }
    return new String(blob, 2, blob[1] & 0xff, StandardCharsets.US_ASCII);
  }

  static byte[] open(KmsKeys.Key key, byte[] blob, Map<String, String> context) {
    int headerLength = headerLength(blob);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key.material(),
          new GCMParameterSpec(TAG_BITS, blob, headerLength - IV_BYTES, IV_BYTES));
      cipher.updateAAD(blob, 0, headerLength);
      cipher.updateAAD(canonical(context));
      return cipher.doFinal(blob, headerLength, blob.length - headerLength);
    } catch (AEADBadTagException e) {
      throw KmsFault.invalidCiphertext();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to decrypt", e);
    }
  }

  private static int headerLength(byte[] blob) {
    return 2 + (blob[1] & 0xff) + IV_BYTES;
  }

  private static byte[] canonical(Map<String, String> context) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Map.Entry<String, String> entry : new TreeMap<>(context).entrySet()) {
        writeString(out, entry.getKey());
        writeString(out, entry.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
