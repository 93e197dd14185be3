package io.sluice.loader.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManifestLocationTest {

  @Test
  void pathAndUrlKeepTheSpaceOfTheName() {
    ManifestLocation location = new ManifestLocation("mf-bucket", "redshift/manifest/manifest-2023-07-14 11:35:12-417");

    assertThat(location.path()).isEqualTo("mf-bucket/redshift/manifest/manifest-2023-07-14 11:35:12-417");
    assertThat(location.url()).isEqualTo("s3://mf-bucket/redshift/manifest/manifest-2023-07-14 11:35:12-417");
  }

  @Test
  void parseSplitsAtTheFirstSlash() {
    assertThat(ManifestLocation.parse("mf-bucket/redshift/manifest/manifest-2023-07-14 11:35:12-417"))
        .isEqualTo(new ManifestLocation("mf-bucket", "redshift/manifest/manifest-2023-07-14 11:35:12-417"));
  }

  @Test
  void parseRefusesAPathWithoutBucketOrKey() {
    assertThatThrownBy(() -> ManifestLocation.parse("no-key")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ManifestLocation.parse("/key")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ManifestLocation.parse("bucket/")).isInstanceOf(IllegalArgumentException.class);
  }
}
