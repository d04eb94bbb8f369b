import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (or node: module, or V8 pseudo-frame) a frame's code belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(gateway|shared|bench)\/dist\//.exec(url);
  return ours ? `leadgraph ${ours[1]}` : url;
}

const frameKey = (n: ProfileNode) => {
  const file = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};

export interface ProfileSummary {
  totalMs: number;
  /** Time in code of each area itself (self time), ms, largest first. */
  selfByArea: [string, number][];
  /** Time in each area including what it calls (counted once per stack), ms. */
  inclusiveByArea: [string, number][];
  selfByFrame: [string, number][];
  inclusiveByFrame: [string, number][];
}

/** Self and inclusive time per package and per function of a .cpuprofile, idle time excluded. */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const selfArea = new Map<string, number>();
  const inclArea = new Map<string, number>();
  const selfFrame = new Map<string, number>();
  const inclFrame = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const activeAreas = new Map<string, number>();
  const activeFrames = new Map<string, number>();
  let totalUs = 0;

  // Inclusive time = own samples plus descendants'; a key already on the stack is not counted again.
  const visit = (node: ProfileNode): number => {
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    const key = frameKey(node);
    // Idle time, and the profiler's own work (the inspector session our IPC handler drives), are not the gateway's.
    if (area === '(idle)' || area === 'node:inspector' || area === 'leadgraph bench') return 0;
    activeAreas.set(area, (activeAreas.get(area) ?? 0) + 1);
    activeFrames.set(key, (activeFrames.get(key) ?? 0) + 1);
    const own = selfUs.get(node.id) ?? 0;
    totalUs += own;
    add(selfArea, area, own);
    add(selfFrame, key, own);
    let sum = own;
    for (const child of node.children ?? []) sum += visit(byId.get(child)!);
    activeAreas.set(area, activeAreas.get(area)! - 1);
    activeFrames.set(key, activeFrames.get(key)! - 1);
    if (activeAreas.get(area) === 0) add(inclArea, area, sum);
    if (activeFrames.get(key) === 0) add(inclFrame, key, sum);
    return sum;
  };
  visit(profile.nodes[0]);

  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([k]) => k !== '(root)' && !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, v / 1000] as [string, number]);
  return {
    totalMs: totalUs / 1000,
    selfByArea: sorted(selfArea),
    inclusiveByArea: sorted(inclArea),
    selfByFrame: sorted(selfFrame),
    inclusiveByFrame: sorted(inclFrame),
  };
}

/**
 * The summary as text lines: each entry's share of the profiled (non-idle) time and, given the
 * measured CPU ms per request, its share of that. Sample intervals are wall time, so under CPU
 * contention the profile's own milliseconds overstate CPU; shares stay meaningful.
 */
export function formatProfileSummary(s: ProfileSummary, cpuMsPerRequest?: number): string[] {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`;
  const per = (ms: number) => (cpuMsPerRequest ? ` ${((ms / s.totalMs) * cpuMsPerRequest).toFixed(2).padStart(6)} ms/req` : '');
  const section = (title: string, rows: [string, number][]) => [title, ...rows.map(([k, ms]) => `  ${pct(ms)}${per(ms)}  ${k}`)];
  return [
    `profile: ${s.totalMs.toFixed(0)} ms of samples${cpuMsPerRequest ? `; ms/req = share x ${cpuMsPerRequest.toFixed(2)} CPU ms/req measured in the rounds` : ''}`,
    ...section('self time by package:', s.selfByArea.slice(0, 15)),
    ...section('inclusive time by package:', s.inclusiveByArea.slice(0, 15)),
    ...section('self time by function:', s.selfByFrame),
    ...section('inclusive time by function:', s.inclusiveByFrame),
  ];
}
