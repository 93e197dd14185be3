/**
 * Support for the Jazzer fuzz targets ({@code *FuzzTest}, tagged {@code fuzz}), which live beside the code they
 * drive: allocation bounds and the output-formatting check of accepted records.
 */
package io.sluice.agent.fuzz;
