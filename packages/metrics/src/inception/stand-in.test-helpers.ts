/**
 * A tiny stand-in for the Inception-v3 TF.js port, in the same format (a TF.js graph model: model.json
 * with a GraphDef topology and a weights manifest, plus one weight file), written by the tests. Like the
 * TF-Hub module it takes images in [0, 1] of any size and maps them to [-1, 1] itself; then one 8×8
 * stride-8 convolution with 16 filters, ReLU, and a global mean: 16 "pool features" per image.
 * Not part of the build.
 */
import { Rng } from '@gankit/core';

const FLOAT = { type: 'DT_FLOAT' };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const shapeOf = (dims: number[]) => ({ dim: dims.map((d) => ({ size: String(d) })) });
const constant = (name: string, dtype: 'DT_FLOAT' | 'DT_INT32', dims: number[]) => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: dims.length ? shapeOf(dims) : {} } } },
});

/** The stand-in's files: `model.json` and `group1-shard1of1.bin`, as bytes. */
export function standInInception(seed = 1, filters = 16): Record<string, Uint8Array> {
  const rng = new Rng(seed);
  const kernel = Float32Array.from({ length: 8 * 8 * 3 * filters }, () => rng.normal() * 0.1);
  const nodes = [
    { name: 'images', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: shapeOf([-1, -1, -1, 3]) } } },
    constant('scale', 'DT_FLOAT', []),
    constant('offset', 'DT_FLOAT', []),
    { name: 'scaled', op: 'Mul', input: ['images', 'scale'], attr: { T: FLOAT } },
    { name: 'centred', op: 'Sub', input: ['scaled', 'offset'], attr: { T: FLOAT } },
    constant('conv/kernel', 'DT_FLOAT', [8, 8, 3, filters]),
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['centred', 'conv/kernel'],
      attr: {
        T: FLOAT,
        strides: { list: { i: ['1', '8', '8', '1'] } },
        padding: { s: b64('VALID') },
        data_format: { s: b64('NHWC') },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
        use_cudnn_on_gpu: { b: true },
      },
    },
    { name: 'relu', op: 'Relu', input: ['conv'], attr: { T: FLOAT } },
    constant('axes', 'DT_INT32', [2]),
    { name: 'feature_vector', op: 'Mean', input: ['relu', 'axes'], attr: { T: FLOAT, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
  ];
  const weights = new Uint8Array(4 + 4 + kernel.byteLength + 8);
  const view = new DataView(weights.buffer);
  view.setFloat32(0, 2, true);
  view.setFloat32(4, 1, true);
  weights.set(new Uint8Array(kernel.buffer), 8);
  view.setInt32(8 + kernel.byteLength, 1, true);
  view.setInt32(12 + kernel.byteLength, 2, true);
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'gankit tests',
    convertedBy: 'gankit tests (hand-written GraphDef)',
    modelTopology: { node: nodes, library: {}, versions: { producer: 27 } },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'scale', shape: [], dtype: 'float32' },
          { name: 'offset', shape: [], dtype: 'float32' },
          { name: 'conv/kernel', shape: [8, 8, 3, filters], dtype: 'float32' },
          { name: 'axes', shape: [2], dtype: 'int32' },
        ],
      },
    ],
  };
  return { 'model.json': new TextEncoder().encode(JSON.stringify(modelJson)), 'group1-shard1of1.bin': weights };
}
