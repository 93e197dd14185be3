/** Building AWS clients by one rule for region, endpoint and credentials, and naming each client in its failures. */
package io.sluice.loader.aws;
