// A real server on 127.0.0.1 over a temporary data directory, one token per role, and a small client.
import '../key-file.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { Socle } from '../../src/app/socle.ts';
import { TokenStore } from '../../src/auth/token-store.ts';

export interface Tokens {
  coordinator: string;
  /** Partner "ccas". */
  partner: string;
  /** Partner "asso", a second partner of the same programme. */
  otherPartner: string;
  /** Partner "nowhere": belongs to no programme. */
  strayPartner: string;
  treasurer: string;
  auditor: string;
}

export interface Harness {
  dir: string;
  url: string;
  socle: Socle;
  tokens: Tokens;
  tokenStore: TokenStore;
  server: RunningServer;
  stop(): Promise<void>;
}

/** One token per role, and partners inside, outside and unknown to the programme. */
export function createTokens(tokenStore: TokenStore): Tokens {
  return {
    coordinator: tokenStore.create({ role: 'coordinator', name: 'Coordination' }).token,
    partner: tokenStore.create({ role: 'partner', partnerId: 'ccas' }).token,
    otherPartner: tokenStore.create({ role: 'partner', partnerId: 'asso' }).token,
    strayPartner: tokenStore.create({ role: 'partner', partnerId: 'nowhere' }).token,
    treasurer: tokenStore.create({ role: 'treasurer' }).token,
    auditor: tokenStore.create({ role: 'auditor' }).token,
  };
}

export async function startHarness(options: { webDir?: string | null } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'socle-api-'));
  const tokenStore = TokenStore.open({ dataDir: dir });
  const socle = await Socle.open({ dataDir: dir });
  const tokens = createTokens(tokenStore);
  const server = await startServer({ socle, tokens: tokenStore, host: '127.0.0.1', port: 0, webDir: options.webDir ?? null });
  return {
    dir,
    url: server.url,
    socle,
    tokens,
    tokenStore,
    server,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  /** A raw body, sent as is (with content-type application/json unless headers say otherwise). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.raw !== undefined) {
    body = typeof options.raw === 'string' ? options.raw : new Uint8Array(options.raw);
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, options.headers);
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let json: unknown;
  if (contentType.includes('json')) json = JSON.parse(text);
  return { status: response.status, contentType, headers: response.headers, text, json };
}

export const P = 'p1';

/** A programme with two partners (ccas, asso), an axis, two actions, a site and rates. */
export async function setUpProgramme(h: Harness, programmeId = P): Promise<void> {
  const t = h.tokens.coordinator;
  const post = async (path: string, body: object) => {
    const a = await call(h.url, 'POST', path, { token: t, body });
    if (a.status !== 201) throw new Error(`set-up ${path} answered ${a.status}: ${a.text}`);
  };
  await post('/api/programmes', { id: programmeId, name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31', territory: 'Roche aux Fées' });
  const base = `/api/programmes/${programmeId}`;
  await post(`${base}/partners`, { id: 'ccas', name: 'CCAS de Janzé', category: 'ccas' });
  await post(`${base}/partners`, { id: 'asso', name: 'Orditous', category: 'association' });
  await post(`${base}/partners`, { id: 'caf', name: 'CAF', category: 'caf' });
  await post(`${base}/axes`, { id: 'ax1', title: 'Accompagner les publics' });
  await post(`${base}/actions`, { id: 'a1', number: 1, title: 'Ateliers', axisId: 'ax1', pilotPartnerId: 'ccas', nature: 'fonctionnement' });
  await post(`${base}/actions`, { id: 'a2', number: 2, title: 'Matériel', nature: 'investissement' });
  await post(`${base}/sites`, { id: 's1', name: 'Espace social', partnerId: 'ccas' });
  await post(`${base}/rates`, { id: 'r-staff', kind: 'staff_time', unit: 'hour', amount: '12.25', validFrom: '2023-01-01', basis: 'SMIC chargé' });
  await post(`${base}/rates`, { id: 'r-room', kind: 'premises', unit: 'half_day', amount: '40', validFrom: '2023-01-01', basis: 'loyer' });
}

export function staffTime(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '2.5', actionId: 'a1', ...extra };
}

export async function headHash(h: Harness): Promise<string> {
  return (await h.socle.store.head()).hash;
}
