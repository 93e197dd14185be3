package io.sluice.agent.daemon;

import io.sluice.agent.output.StoreFactory;
import io.sluice.agent.output.UploadHook;

/**
 * The parts of an agent that are not decided by its configuration alone: where outputs store files and what is
 * told about each upload. Production uses the stores the config names; fault-injection tests wrap them.
 *
 * @param stores builds each output's object store
 * @param uploadHook told about every confirmed file before its output commits past it
 */
record AgentParts(StoreFactory stores, UploadHook uploadHook) {

  static final AgentParts PRODUCTION = new AgentParts(StoreFactory.FROM_CONFIG, UploadHook.NONE);
}
