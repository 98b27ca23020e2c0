// Scale for encoder-1nn: 1-NN (cosine) on raw pixels, leave-one-out within the 2,000 held-out digits,
// and with the 8,000 training digits as the labelled set.
import { loadMnistEmbedded } from '@gankit/datasets';
const test = await loadMnistEmbedded({ split: 'test' });
const train = await loadMnistEmbedded({ split: 'train' });
const rows = (s) => s.rows(Uint32Array.from({ length: s.spec.size }, (_, i) => i));
const a = rows(test), b = rows(train);
const d = 784;
const unit = (x, n) => { const out = new Float32Array(x.length); for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < d; j++) { const v = x[i*d+j] + 1; s += v*v; } s = Math.sqrt(s) || 1; for (let j = 0; j < d; j++) out[i*d+j] = (x[i*d+j] + 1) / s; } return out; };
const ua = unit(a.x, test.spec.size), ub = unit(b.x, train.spec.size);
function nn(q, nq, r, nr, self) { const out = new Int32Array(nq); for (let i = 0; i < nq; i++) { let best = -1e9, bi = -1; for (let k = 0; k < nr; k++) { if (self && k === i) continue; let s = 0; for (let j = 0; j < d; j++) s += q[i*d+j] * r[k*d+j]; if (s > best) { best = s; bi = k; } } out[i] = bi; } return out; }
const n = test.spec.size;
let nb = nn(ua, n, ua, n, true); let c = 0; for (let i = 0; i < n; i++) if (a.labels[nb[i]] === a.labels[i]) c++;
console.log('pixels (shifted to [0,2]), leave-one-out in held-out', n, ':', c / n);
nb = nn(ua, n, ub, train.spec.size, false); c = 0; for (let i = 0; i < n; i++) if (b.labels[nb[i]] === a.labels[i]) c++;
console.log('pixels, held-out against the', train.spec.size, 'training digits:', c / n);
