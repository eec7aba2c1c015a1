import { readFileSync } from 'node:fs';

/** A generated C++ source of about `bytes` bytes that could hold findings (a stand-in for amalgamated code). */
export function generatedSource(bytes: number): string {
  const unit =
    '#include <memory>\nstruct Frame%N { int data[64]; };\n' +
    'std::shared_ptr<Frame%N> make%N() { return std::make_shared<Frame%N>(); }\n';
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = unit.replaceAll('%N', String(i));
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

/** Peak resident memory of process `pid` in MB (VmHWM), or null where /proc is not available. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}
