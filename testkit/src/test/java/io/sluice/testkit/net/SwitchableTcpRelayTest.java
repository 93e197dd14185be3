package io.sluice.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(LocalS3Extension.class)
class SwitchableTcpRelayTest {

  private static InetSocketAddress addressOf(URI endpoint) {
    return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
  }

  private static S3Client clientThrough(LocalS3 s3, SwitchableTcpRelay relay) {
    return s3.clientBuilder().endpointOverride(URI.create("http://127.0.0.1:" + relay.port())).build();
  }

  @Test
  void relaysRequestsWhileUp(LocalS3 s3) throws Exception {
    s3.createBucket("relayed");
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(addressOf(s3.endpoint()));
        S3Client client = clientThrough(s3, relay)) {
      assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains("relayed");
    }
  }

  @Test
  void refusesConnectionsWhileDown(LocalS3 s3) throws Exception {
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(addressOf(s3.endpoint()))) {
      relay.down();

      assertThatThrownBy(() -> new Socket("127.0.0.1", relay.port()).close()).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void relaysAgainOnTheSamePortAfterComingBackUp(LocalS3 s3) throws Exception {
    s3.createBucket("back");
    try (SwitchableTcpRelay relay = SwitchableTcpRelay.start(addressOf(s3.endpoint()));
        S3Client client = clientThrough(s3, relay)) {
      relay.down();
      assertThatThrownBy(client::listBuckets).isInstanceOf(SdkClientException.class);

      relay.up();

      assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains("back");
    }
  }
}
