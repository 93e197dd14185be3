package io.sluice.agent.input.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh self-signed certificate for {@code localhost} and its key, written as the PEM files an operator would
 * configure; public for the interop tests of the handshake package and the HTTP input's TLS tests.
 */
public record SelfSignedPem(X509Certificate certificate, KeyPair keys, Path certFile, Path keyFile) {

  public static SelfSignedPem create(Path dir, String name) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509Certificate certificate;
    try {
      certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
          subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(1))),
          Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic())
          // Clients that check the name (Node's tls) look in the SAN, not the CN.
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    } catch (OperatorCreationException | CertIOException e) {
      throw new GeneralSecurityException(e);
    }
    Path certFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
    // getEncoded() of a JDK private key is PKCS#8, which is what key_file takes.
    Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    return new SelfSignedPem(certificate, keys, certFile, keyFile);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
