import { mergeConditions, provisioningStartedAt } from './conditions';

describe('mergeConditions', () => {
  const t0 = '2026-11-23T10:00:00.000Z';
  const t1 = '2026-11-23T10:01:00.000Z';

  it('moves lastTransitionTime only when the status changes and reports transitions', () => {
    const previous = [
      {
        type: 'A',
        status: 'True' as const,
        reason: 'Ready',
        message: 'ok',
        lastTransitionTime: t0,
      },
      {
        type: 'B',
        status: 'False' as const,
        reason: 'Progressing',
        message: '0/1',
        lastTransitionTime: t0,
      },
    ];
    const { conditions, transitions } = mergeConditions(
      previous,
      [
        { type: 'A', status: 'True', reason: 'Ready', message: 'ok' },
        {
          type: 'B',
          status: 'False',
          reason: 'Waiting',
          message: 'other message',
        },
        { type: 'C', status: 'False', reason: 'Waiting', message: 'new' },
      ],
      t1,
    );
    expect(conditions.map(c => c.lastTransitionTime)).toEqual([t0, t0, t1]);
    expect(transitions).toEqual([]);
    const next = mergeConditions(
      conditions,
      [
        { type: 'A', status: 'False', reason: 'Progressing', message: 'gone' },
        { type: 'B', status: 'True', reason: 'Ready', message: 'ok' },
        { type: 'C', status: 'False', reason: 'Waiting', message: 'new' },
      ],
      t1,
    );
    expect(next.transitions.map(c => `${c.type}=${c.status}`)).toEqual([
      'A=False',
      'B=True',
    ]);
  });

  it('dates the current provisioning attempt from the oldest condition that does not hold', () => {
    expect(
      provisioningStartedAt([
        {
          type: 'A',
          status: 'True',
          reason: '',
          message: '',
          lastTransitionTime: '2026-11-23T09:00:00.000Z',
        },
        {
          type: 'B',
          status: 'False',
          reason: '',
          message: '',
          lastTransitionTime: t1,
        },
        {
          type: 'C',
          status: 'False',
          reason: '',
          message: '',
          lastTransitionTime: t0,
        },
      ]),
    ).toBe(Date.parse(t0));
    expect(provisioningStartedAt([])).toBeUndefined();
  });
});
