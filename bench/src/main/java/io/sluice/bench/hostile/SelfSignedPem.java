package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and its PKCS#8 key as PEM files, made with the JDK's keytool so
 * the suite needs no certificate library.
 *
 * @param certFile the certificate, PEM
 * @param keyFile the private key, PEM (PKCS#8)
 */
record SelfSignedPem(Path certFile, Path keyFile) {

  private static final char[] STORE_PASSWORD = "hostile-suite".toCharArray();

  static SelfSignedPem create(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
    Path store = dir.resolve("agent.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "agent", "-keyalg", "RSA",
        "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, STORE_PASSWORD);
    }
    Key key = keys.getKey("agent", STORE_PASSWORD);
    Path certFile = Files.writeString(dir.resolve("agent.crt"),
        pem("CERTIFICATE", keys.getCertificate("agent").getEncoded()));
    // A JDK private key's encoding is PKCS#8, which the agent's key_file takes.
    Path keyFile = Files.writeString(dir.resolve("agent.key"), pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedPem(certFile, keyFile);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
