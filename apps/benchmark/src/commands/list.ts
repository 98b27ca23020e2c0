/**
 * `gankit list`: everything registered (built-in and plug-ins).
 * @module
 */
import { datasets, losses, metrics, models, regularizers, variants, type GanVariant, type Registrable } from '@gankit/core';
import { parse } from '../args.js';
import type { Output } from '../progress.js';

export const listHelp = `Usage: gankit list [--json] [--plugin <package or path>]...

Lists the registered variants, models, losses, regularizers, datasets and metrics, including those of
plug-ins loaded with --plugin or from gankit.config.json.`;

function section(title: string, items: Registrable[], extra?: (item: never) => string): string {
  const width = Math.max(...items.map((i) => i.name.length), 4);
  const lines = items.map((i) => `  ${i.name.padEnd(width)}  ${i.description}${extra ? extra(i as never) : ''}`);
  return `${title} (${items.length})\n${lines.join('\n') || '  (none)'}\n`;
}

/** ` [G takes labels, D predicts labels]` for variants that use class labels. */
function labelTag(v: GanVariant<any>): string {
  const uses = Object.entries(v.labels ?? {}).map(([network, use]) => `${network} ${use === 'input' ? 'takes' : 'predicts'} labels`);
  return uses.length ? ` [${uses.join(', ')}]` : '';
}

export async function listCommand(argv: string[], out: Output): Promise<number> {
  const { values } = parse('list', argv, { json: { type: 'boolean' } });
  if (values.json) {
    const names = (r: { list(): Registrable[] }) => r.list().map(({ name, description }) => ({ name, description }));
    out.write(
      JSON.stringify(
        {
          variants: variants.list().map((v) => ({ name: v.name, description: v.description, conditional: v.labels?.['generator'] === 'input', labels: v.labels ?? {}, paper: v.paper })),
          models: names(models),
          losses: names(losses),
          regularizers: names(regularizers),
          datasets: names(datasets),
          metrics: metrics.list().map((m) => ({ name: m.name, description: m.description, direction: m.direction })),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  out.write(
    [
      section('Variants', variants.list(), (v: GanVariant<any>) => labelTag(v)),
      section('Models', models.list()),
      section('Losses', losses.list()),
      section('Regularizers', regularizers.list()),
      section('Datasets', datasets.list()),
      section('Metrics', metrics.list(), (m: { direction: string }) => ` [${m.direction} is better]`),
    ].join('\n'),
  );
  return 0;
}
