import type { StorePhase } from '@internal/plugin-stores-common';

export interface PhaseStyle {
  label: string;
  /** Background colour of the chip, readable with white text. */
  color: string;
  description: string;
}

/** How each phase is shown. Colours follow the usual traffic-light reading. */
export const PHASE_STYLES: Record<StorePhase, PhaseStyle> = {
  pending: {
    label: 'Pending',
    color: '#757575',
    description: 'Accepted, waiting for the reconciler',
  },
  provisioning: {
    label: 'Provisioning',
    color: '#1565c0',
    description: 'Creating the store in the cluster',
  },
  ready: {
    label: 'Ready',
    color: '#2e7d32',
    description: 'The store is up and answering',
  },
  degraded: {
    label: 'Degraded',
    color: '#b26a00',
    description:
      'Was ready; something no longer holds (see the conditions). It recovers by itself',
  },
  suspended: {
    label: 'Suspended',
    color: '#546e7a',
    description:
      'Scaled to zero by its owner; its data is kept. Resume it to bring it back',
  },
  failed: {
    label: 'Failed',
    color: '#c62828',
    description: 'Provisioning stopped; see the reason',
  },
  deleting: {
    label: 'Deleting',
    color: '#ef6c00',
    description: 'Removing the store and everything it has in the cluster',
  },
};
