import { ExportBudget, OverBudget } from '../../gateway/export/budget.js';

describe('ExportBudget', () => {
  it('bounds the exports a client runs at once, per client', async () => {
    const budget = new ExportBudget({ rowsPerWindow: 1000, windowSeconds: 60, maxConcurrent: 2 });
    const a1 = await budget.start('ip:a');
    await budget.start('ip:a');
    await expect(budget.start('ip:a')).rejects.toBeInstanceOf(OverBudget);
    await budget.start('ip:b');
    a1();
    a1(); // ending twice frees one slot only
    await budget.start('ip:a');
    await expect(budget.start('ip:a')).rejects.toBeInstanceOf(OverBudget);
  });

  it('charges rows per client and refuses once the window is spent, saying when to retry', async () => {
    const budget = new ExportBudget({ rowsPerWindow: 100, windowSeconds: 60, maxConcurrent: 5 });
    (await budget.start('sub:x'))();
    await budget.charge('sub:x', 60);
    await budget.charge('sub:y', 100);
    const over = await budget.charge('sub:x', 60).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(OverBudget);
    expect((over as OverBudget).retryAfterSeconds).toBeGreaterThan(0);
    await expect(budget.start('sub:x')).rejects.toBeInstanceOf(OverBudget);
    expect(await budget.start('sub:z')).toEqual(expect.any(Function));
  });
});
