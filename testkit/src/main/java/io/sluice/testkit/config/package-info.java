/** Sluice configuration that points at the local stand-ins: {@link io.sluice.testkit.config.StandInYaml}. */
package io.sluice.testkit.config;
