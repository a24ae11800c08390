/** A minimal multipart/form-data parser for what @discordjs/rest sends (`files[n]` + `payload_json`). */

export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  /** n in `files[n]` (the attachment id the payload refers to), or -1. */
  index: number;
  filename: string;
  contentType: string;
  data: Buffer;
  /** The bytes as UTF-8 text. */
  text(): string;
  /** The bytes parsed as JSON. */
  json<T = unknown>(): T;
}

export interface MultipartBody {
  fields: Map<string, string>;
  files: UploadedFile[];
}

export function makeUploadedFile(field: string, filename: string, contentType: string, data: Buffer): UploadedFile {
  const m = /^files\[(\d+)\]$/.exec(field);
  return {
    field,
    index: m ? Number(m[1]) : -1,
    filename,
    contentType,
    data,
    text: () => data.toString('utf8'),
    json: <T = unknown>() => JSON.parse(data.toString('utf8')) as T,
  };
}

function param(header: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  const value = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
  if (/^utf-8''/i.test(value)) return decodeURIComponent(value.slice(7));
  return value;
}

export function boundaryOf(contentType: string): string | undefined {
  return param(contentType, 'boundary');
}

/** Throws on malformed input. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart boundary not found');
  for (;;) {
    pos += delimiter.length;
    // "--" after the delimiter ends the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next < 0) throw new Error('multipart part not terminated');
    const data = body.subarray(dataStart, next);
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name') ?? '';
    const filename = param(disposition, 'filename');
    if (filename !== undefined) {
      files.push(makeUploadedFile(name, filename, headers.get('content-type') ?? 'application/octet-stream', Buffer.from(data)));
    } else {
      fields.set(name, data.toString('utf8'));
    }
    pos = next + 2;
  }
  return { fields, files };
}
