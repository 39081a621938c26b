import type { IncomingMessage } from 'node:http';

/**
 * A lenient multipart/form-data parser (grammY writes `name=x` without quotes and no
 * spaces, which undici's strict FormData parser rejects).
 */
function parseMultipart(body: Buffer, boundary: string): Array<{ name: string; filename?: string; data: Buffer }> {
  const out: Array<{ name: string; filename?: string; data: Buffer }> = [];
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const sep = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, sep).toString('utf8');
    const name = /name="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (name) out.push({ name, ...(filename !== undefined ? { filename } : {}), data: part.subarray(sep + 4) });
    pos = next;
  }
  return out;
}

/** Reads a request body: JSON, urlencoded or multipart (sendDocument). */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const url = new URL(req.url ?? '/', 'http://fake');
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (body.length === 0) return out;
  if (type.includes('application/json')) return { ...out, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) };
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
    if (!boundary) throw new Error('multipart body without a boundary');
    const files = new Map<string, { file_name: string; content: string; bytes: Buffer }>();
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename !== undefined) files.set(part.name, { file_name: part.filename, content: part.data.toString('utf8'), bytes: Buffer.from(part.data) });
      else {
        const v = part.data.toString('utf8');
        try {
          out[part.name] = JSON.parse(v);
        } catch {
          out[part.name] = v;
        }
      }
    }
    // Files are referenced as "attach://<part name>", like the real Bot API expects.
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === 'string' && v.startsWith('attach://')) out[k] = files.get(v.slice('attach://'.length));
    }
    return out;
  }
  if (type.includes('application/x-www-form-urlencoded')) return { ...out, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  return out;
}
