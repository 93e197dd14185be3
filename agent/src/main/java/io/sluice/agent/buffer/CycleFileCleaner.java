package io.sluice.agent.buffer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the roll-cycle files whose entries every registered output has shipped. */
final class CycleFileCleaner {

  private static final Logger LOG = LoggerFactory.getLogger(CycleFileCleaner.class);

  private final SingleChronicleQueue queue;
  private final RollingResourcesCache fileNames;
  private final BufferMetrics metrics;

  CycleFileCleaner(SingleChronicleQueue queue, BufferMetrics metrics) {
    this.queue = queue;
    this.metrics = metrics;
    File directory = queue.file();
    // Chronicle's own cycle-to-file-name mapping, so names match whatever roll cycle and epoch the queue uses.
    this.fileNames = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
        name -> new File(directory, name + SingleChronicleQueue.SUFFIX),
        file -> file.getName().substring(0, file.getName().length() - SingleChronicleQueue.SUFFIX.length()));
  }

  /**
   * Deletes the files of the cycles before {@code firstNeededCycle}. The newest file is kept whatever the cycle,
   * because the writer appends to it or rolls from it, and so are the files in {@code mappedCycles}: a reader
   * still has them mapped (it is about to move on, having read them through), and they go on a later call.
   */
  void deleteBefore(int firstNeededCycle, Set<Integer> mappedCycles) {
    int firstCycle = queue.firstCycle();
    int lastCycle = queue.lastCycle();
    int keepFrom = Math.min(firstNeededCycle, lastCycle);
    if (firstCycle >= keepFrom) {
      return;
    }
    boolean deletedAny = false;
    // Chronicle lists cycles only between two that exist, so list them all and stop before the first one kept.
    for (Long cycle : queue.listCyclesBetween(firstCycle, lastCycle).headSet((long) keepFrom)) {
      if (!mappedCycles.contains(cycle.intValue())) {
        deletedAny |= delete(cycle.intValue());
      }
    }
    if (deletedAny) {
      queue.refreshDirectoryListing();
    }
  }

  private boolean delete(int cycle) {
    File file = fileNames.resourceFor(cycle).path;
    try {
      if (Files.deleteIfExists(file.toPath())) {
        LOG.info("Deleted buffer file {} cycle={}: every output has shipped its entries", file.getName(), cycle);
        metrics.deletedFile();
        return true;
      }
    } catch (IOException e) {
      LOG.warn("Could not delete shipped buffer file {} cycle={}; will retry", file, cycle, e);
    }
    return false;
  }
}
