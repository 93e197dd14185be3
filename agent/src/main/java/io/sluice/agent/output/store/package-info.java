/** Where sealed files go, behind one interface: {@link io.sluice.agent.output.store.ObjectStore}. */
package io.sluice.agent.output.store;
