import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { columnHeads, table } from '../output.ts';

export const command: Command = {
  name: 'describe',
  summary: "Shows a module's fields in the normalized schema and what the vendor lets us do with it.",
  usage: '<name> <module> [--refresh]',
  positionals: ['name', 'module'],
  usesMirror: () => false,
  options: {
    refresh: {
      type: 'boolean',
      help: 'fetch the metadata from the vendor again instead of using the cached copy (kept for an hour)',
    },
  },
  async run(ctx, args) {
    const schema = await (
      await ctx.services()
    ).records.describe(args.arg('name'), args.arg('module'), { refresh: args.flag('refresh') });
    const json = {
      module: schema.module,
      ...(schema.label !== undefined ? { label: schema.label } : {}),
      capabilities: schema.capabilities,
      ...(schema.labelFields ? { labelFields: schema.labelFields } : {}),
      fields: schema.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        required: f.required,
        readOnly: f.readOnly,
        options: f.options,
        referenceTargets: f.referenceTargets,
        maxLength: f.maxLength,
        default: f.default ?? null,
        ...(f.format ? { format: f.format } : {}),
        ...(f.filterable !== undefined ? { filterable: f.filterable } : {}),
        ...(f.sortable !== undefined ? { sortable: f.sortable } : {}),
        ...(f.listed === false ? { listed: false } : {}),
        ...(f.untyped ? { untyped: true } : {}),
      })),
    };
    return {
      json,
      human: () => {
        const { t } = cli();
        const caps = Object.entries(schema.capabilities)
          .map(([k, v]) => (v ? k : t('cli.out.capabilityMissing', { capability: k })))
          .join(', ');
        return (
          `${schema.module}${schema.label ? ` (${schema.label})` : ''}: ${caps}\n` +
          table(
            columnHeads(['field', 'label', 'type', 'flags', 'optionsTargets']),
            schema.fields.map((f) => [
              f.name,
              f.label,
              f.type + (f.maxLength ? `(${f.maxLength})` : ''),
              [f.required ? t('cli.out.required') : '', f.readOnly ? t('cli.out.readOnly') : '']
                .filter(Boolean)
                .join(' '),
              f.options ? f.options.map((o) => o.value).join(', ') : f.referenceTargets.join(', '),
            ]),
          )
        );
      },
    };
  },
};
