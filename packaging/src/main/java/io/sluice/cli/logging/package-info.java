/** The root logger's output, replaceable at run time: stdout or a rotating file, text or JSON lines. */
package io.sluice.cli.logging;
