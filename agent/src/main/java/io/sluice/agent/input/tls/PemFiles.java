package io.sluice.agent.input.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 keys, failing with a message that says which file and why. */
final class PemFiles {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final Pattern ANY_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
  // The key algorithms a TLS server key can have; a PKCS#8 blob names its algorithm only by OID.
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

  private PemFiles() {}

  /**
   * The certificates of a PEM file, in file order (leaf first for a chain).
   *
   * @param setting the config key the file came from, for the message
   */
  static List<X509Certificate> certificates(Path file, String setting) {
    byte[] pem = read(file, setting);
    try {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem)).stream()
          .map(X509Certificate.class::cast)
          .toList();
      if (certificates.isEmpty()) {
        throw new TlsSetupException(setting + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new TlsSetupException(setting + " " + file + " is not a valid PEM certificate file: " + e.getMessage(), e);
    }
  }

  /** The unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) of a PEM file. */
  static PrivateKey privateKey(Path file, String setting) {
    String pem = new String(read(file, setting), StandardCharsets.US_ASCII);
    Matcher matcher = PKCS8.matcher(pem);
    if (!matcher.find()) {
      Matcher other = ANY_BEGIN.matcher(pem);
      String found = other.find() ? "found a " + other.group(1) : "found no PEM block";
      throw new TlsSetupException(setting + " " + file
          + " must hold an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----), " + found
          + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pem>");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1));
    } catch (IllegalArgumentException e) {
      throw new TlsSetupException(setting + " " + file + " has a corrupt base64 key block", e);
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
        // Not this algorithm (or not on this JDK): try the next.
      }
    }
    throw new TlsSetupException(
        setting + " " + file + " holds a PKCS#8 key of an unsupported algorithm or a corrupt key");
  }

  private static byte[] read(Path file, String setting) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsSetupException("cannot read " + setting + " " + file + ": " + e, e);
    }
  }
}
