/**
 * Regenerates vendor-data/simplicate-fields.generated.ts, the field table both the Simplicate connector
 * and its simulator read, from Simplicate's own Swagger 2.0 file (docs/vendors.md, "Simplicate"). Run
 * from the repository root when the swagger changes, naming the file:
 *
 *   node scripts/gen-simplicate-fields.ts path/to/simplicate-swagger.json
 *
 * The app, the simulator and the tests only read the committed output, never the swagger.
 *
 * What it extracts per module: the list model (from the collection GET's RestResult*.data.items), the
 * write model (the POST body), which methods the swagger declares, and both models flattened into dotted
 * leaf paths (`visiting_address.locality`) with their swagger type, format and enum. Objects are
 * flattened two levels deep; arrays and deeper objects are left out (the grid and the forms cannot show
 * them as one cell). Quirks of the file tolerated: `$ref`s to missing definitions are skipped, and a
 * path without its leading '/' is read as if it had one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface SwaggerSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  description?: string;
  items?: SwaggerSchema;
  properties?: Record<string, SwaggerSchema>;
}
interface SwaggerOperation {
  parameters?: { in?: string; schema?: SwaggerSchema; $ref?: string }[];
  responses?: Record<string, { schema?: SwaggerSchema }>;
}
interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, SwaggerSchema>;
}

/** The modules the app serves (docs/cli.md, "Module ids"), with their custom-field endpoints. */
const modules = [
  { id: 'crm/organization', label: 'Organizations', customFields: 'crm/organizationcustomfields' },
  { id: 'crm/person', label: 'Persons', customFields: 'crm/personcustomfields' },
  { id: 'sales/sales', label: 'Sales', customFields: 'sales/salescustomfields' },
  { id: 'projects/project', label: 'Projects', customFields: 'projects/projectcustomfields' },
];

const MAX_DEPTH = 2;

const swaggerPath = process.argv[2];
if (!swaggerPath) {
  console.error('usage: node scripts/gen-simplicate-fields.ts path/to/simplicate-swagger.json');
  process.exit(2);
}
const input = resolve(swaggerPath);
const output = resolve('vendor-data/simplicate-fields.generated.ts');
const swagger = JSON.parse(readFileSync(input, 'utf8')) as Swagger;

// One path in the file lacks its leading '/': normalise every key.
const paths = new Map<string, Record<string, SwaggerOperation>>();
for (const [p, ops] of Object.entries(swagger.paths)) paths.set(p.startsWith('/') ? p : `/${p}`, ops);

function refName(schema: SwaggerSchema | undefined): string | undefined {
  return schema?.$ref?.split('/').pop();
}

/** A definition by name, or undefined for the dangling `$ref`s the file contains. */
function definition(name: string | undefined): SwaggerSchema | undefined {
  return name === undefined ? undefined : swagger.definitions[name];
}

interface LeafField {
  path: string;
  type: string;
  format?: string;
  enum?: string[];
  description?: string;
}

function flatten(model: SwaggerSchema, prefix: string, depth: number, out: LeafField[]): void {
  for (const [name, prop] of Object.entries(model.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (prop.$ref) {
      const target = definition(refName(prop));
      if (target && depth < MAX_DEPTH) flatten(target, path, depth + 1, out);
      continue;
    }
    if (!prop.type || prop.type === 'array' || prop.type === 'object') continue;
    const leaf: LeafField = { path, type: prop.type };
    if (prop.format) leaf.format = prop.format;
    if (prop.enum) leaf.enum = prop.enum;
    if (prop.description) leaf.description = prop.description;
    out.push(leaf);
  }
}

function bodyModel(op: SwaggerOperation | undefined): string | undefined {
  return refName(op?.parameters?.find((p) => p.in === 'body')?.schema);
}

const generated = modules.map((m) => {
  const collection = paths.get(`/${m.id}`);
  const item = paths.get(`/${m.id}/{id}`);
  if (!collection) throw new Error(`swagger has no path /${m.id}`);
  const resultModel = definition(refName(collection.get?.responses?.['200']?.schema));
  const getModel = refName(resultModel?.properties?.data?.items);
  const postModel = bodyModel(collection.post) ?? bodyModel(item?.put);
  const get = definition(getModel);
  if (!getModel || !get) throw new Error(`no list model for ${m.id}`);
  const readFields: LeafField[] = [];
  flatten(get, '', 1, readFields);
  const writeFields: LeafField[] = [];
  const post = definition(postModel);
  if (post) flatten(post, '', 1, writeFields);
  return {
    id: m.id,
    label: m.label,
    getModel,
    postModel: postModel ?? null,
    customFieldsPath: paths.has(`/${m.customFields}`) ? m.customFields : null,
    methods: {
      list: Boolean(collection.get),
      create: Boolean(collection.post),
      get: Boolean(item?.get),
      update: Boolean(item?.put),
      delete: Boolean(item?.delete),
    },
    readFields,
    writeFields,
  };
});

const header = `// GENERATED by scripts/gen-simplicate-fields.ts from simplicate-swagger.json (basePath ${swagger.basePath}).
// Do not edit by hand: rerun the script. Facts only (names, types, nesting, methods).

export interface SwaggerLeaf {
  /** Dotted path in the vendor's JSON ('visiting_address.locality'). */
  readonly path: string;
  /** Swagger primitive type: string, integer, number or boolean. */
  readonly type: string;
  readonly format?: string;
  readonly enum?: readonly string[];
  readonly description?: string;
}

export interface SwaggerModule {
  readonly id: string;
  readonly label: string;
  /** Model of the records GET returns. */
  readonly getModel: string;
  /** Model of the POST/PUT body. */
  readonly postModel: string | null;
  /** Path (after /api/v2) listing the module's custom field definitions. */
  readonly customFieldsPath: string | null;
  /** Methods the swagger declares for the collection and for one record. */
  readonly methods: { readonly list: boolean; readonly create: boolean; readonly get: boolean; readonly update: boolean; readonly delete: boolean };
  readonly readFields: readonly SwaggerLeaf[];
  readonly writeFields: readonly SwaggerLeaf[];
}

`;
const body = `export const simplicateModules: readonly SwaggerModule[] = ${JSON.stringify(generated, null, 2)};\n`;
// Formatted with the project's Prettier settings, so a rerun on an unchanged swagger gives no diff.
const prettier = await import('prettier');
const options = (await prettier.resolveConfig(output)) ?? {};
writeFileSync(output, await prettier.format(header + body, { ...options, filepath: output }));
console.log(
  `wrote ${output}: ${generated.map((g) => `${g.id} ${g.readFields.length}/${g.writeFields.length}`).join(', ')}`,
);
