/** COPY manifests: their names and bodies byte for byte as the Lambda loader writes them, and their S3 objects. */
package io.sluice.loader.manifest;
