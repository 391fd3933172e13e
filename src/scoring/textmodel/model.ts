import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Featurizer, type FeatureSpec } from './features.ts';
import type { CombineRule } from './combine-rule.ts';

// The learned second signal: a logistic regression over hashed n-grams (features.ts), trained by
// `recruitwatch train` from the project's labelled data and written beside the pattern pack as
// text-model.json. Weights are stored as int8 (one scale for all) in base64: 64 KB of weights for
// 65,536 buckets. The file holds no text, only numbers.

export const MODEL_FORMAT = 'recruitwatch-textmodel/1';
export const MODEL_FILE = 'text-model.json';

const ModelFile = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.string().regex(/^[0-9a-f]{8,}$/),
  trainedAt: z.string(),
  features: z.object({ buckets: z.number().int().positive(), charNgrams: z.array(z.number().int().min(1).max(8)), wordNgrams: z.array(z.number().int().min(1).max(2)) }),
  bias: z.number(),
  scale: z.number().positive(),
  weights: z.string(), // base64 of Int8Array(buckets)
  /** the combination rule (combine-rule.ts); enabled false: the model is shown, never counted */
  combine: z.object({ enabled: z.boolean(), raiseAt: z.number().min(0).max(1).nullable(), minRules: z.number().min(0).max(100), lowerAt: z.number().min(0).max(1).nullable() }),
  training: z.record(z.string(), z.unknown()).default({}), // what it was trained on (counts and figures only)
});
export type ModelFileData = z.infer<typeof ModelFile>;

export class TextModelError extends Error {}

export class TextModel {
  readonly version: string;
  readonly spec: FeatureSpec;
  private readonly weights: Float32Array;
  private readonly bias: number;
  private readonly featurizer: Featurizer;

  constructor(spec: FeatureSpec, weights: Float32Array, bias: number, version: string) {
    if (weights.length !== spec.buckets) throw new TextModelError(`model has ${weights.length} weights for ${spec.buckets} buckets`);
    this.spec = spec;
    this.weights = weights;
    this.bias = bias;
    this.version = version;
    this.featurizer = new Featurizer(spec);
  }

  /** P(the text is a recruiter's lure), from the normalised text. */
  probability(normText: string): number {
    const idx = this.featurizer.indices(normText);
    if (idx.length === 0) return sigmoid(this.bias);
    let z = 0;
    for (let i = 0; i < idx.length; i++) z += this.weights[idx[i]];
    return sigmoid(this.bias + z / Math.sqrt(idx.length));
  }
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Quantises weights to int8 and returns the file's content; the version is a hash of what scores. */
export function serializeModel(spec: FeatureSpec, weights: Float32Array, bias: number, combine: ModelFileData['combine'], training: Record<string, unknown>): ModelFileData {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(weights[i] / scale)));
  const b64 = Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64');
  const features = { buckets: spec.buckets, charNgrams: spec.charNgrams, wordNgrams: spec.wordNgrams };
  const version = createHash('sha256').update(JSON.stringify({ features, bias, scale, combine })).update(b64).digest('hex').slice(0, 12);
  return { format: MODEL_FORMAT, version, trainedAt: new Date().toISOString(), features, bias, scale, weights: b64, combine, training };
}

export interface LoadedModel { model: TextModel; rule: CombineRule | null }

export function modelFromData(data: unknown, where = 'text model'): LoadedModel {
  const r = ModelFile.safeParse(data);
  if (!r.success) throw new TextModelError(`${where}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const f = r.data;
  const raw = Buffer.from(f.weights, 'base64');
  if (raw.length !== f.features.buckets) throw new TextModelError(`${where}: ${raw.length} weights for ${f.features.buckets} buckets`);
  const q = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  const w = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) w[i] = q[i] * f.scale;
  const { enabled, ...rule } = f.combine;
  return { model: new TextModel(f.features, w, f.bias, f.version), rule: enabled ? rule : null };
}

export function readModelFile(file: string): LoadedModel {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) { throw new TextModelError(`cannot read ${file}: ${(err as Error).message}`); }
  let data: unknown;
  try { data = JSON.parse(text); } catch (err) { throw new TextModelError(`${file}: not JSON: ${(err as Error).message}`); }
  return modelFromData(data, file);
}
